import { describe, expect, it } from 'vitest';
import {
  formatCidr,
  formatIPv4,
  nthAddress,
  nthSubnet,
  offsetIn,
  parseCidr,
  parseIPv4,
  subnetIndex,
  tryParseCidr,
  type CidrRules,
} from './ipv4';

describe('parseIPv4 / formatIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['10.244.0.50', 183762994],
    ['192.168.1.255', 3232236031],
    ['255.255.255.255', 4294967295],
  ])('%s is %i and back', (text, n) => {
    expect(parseIPv4(text)).toBe(n);
    expect(formatIPv4(n)).toBe(text);
  });

  it.each([
    '',
    '10.0.0',
    '10.0.0.0.1',
    '10.0.0.256',
    '10.0.0.-1',
    '10.0.0.01',
    '10..0.1',
    'a.b.c.d',
    ' 10.0.0.1',
    '::1',
  ])('rejects %j', (text) => {
    expect(() => parseIPv4(text)).toThrow(`invalid IPv4 address ${JSON.stringify(text)}`);
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.244.0.0/16', '10.244.0.0/16', 65536],
    ['10.96.0.0/12', '10.96.0.0/12', 2 ** 20],
    ['10.244.3.0/29', '10.244.3.0/29', 8],
    ['10.96.0.5/16', '10.96.0.0/16', 65536], // host bits are cleared by default
    ['0.0.0.0/0', '0.0.0.0/0', 2 ** 32],
    ['10.0.0.1/32', '10.0.0.1/32', 1],
  ])('%s is %s with %i addresses', (text, canonical, size) => {
    const c = parseCidr(text);
    expect(formatCidr(c)).toBe(canonical);
    expect(c.size).toBe(size);
    expect(tryParseCidr(text)).toEqual(c);
  });

  const pod: CidrRules = { what: 'pod CIDR', minPrefix: 8, maxPrefix: 30, exact: true };
  it.each<[string, CidrRules, string]>([
    ['nonsense', {}, 'invalid CIDR "nonsense": want an IPv4 CIDR from /0 to /32'],
    ['10.244.0.0', pod, 'invalid pod CIDR "10.244.0.0": want an IPv4 CIDR from /8 to /30'],
    ['10.0.0.0/33', {}, 'invalid CIDR "10.0.0.0/33": want an IPv4 CIDR from /0 to /32'],
    ['10.0.0.0/7', pod, 'invalid pod CIDR "10.0.0.0/7": want an IPv4 CIDR from /8 to /30'],
    ['10.0.0.0/31', pod, 'invalid pod CIDR "10.0.0.0/31": want an IPv4 CIDR from /8 to /30'],
    ['10.244.0.300/24', pod, 'invalid pod CIDR "10.244.0.300/24": invalid IPv4 address "10.244.0.300"'],
    ['10.244.0.1/24', pod, 'invalid pod CIDR "10.244.0.1/24": host bits are set'],
    ['2001:db8::/64', {}, 'invalid CIDR "2001:db8::/64": want an IPv4 CIDR from /0 to /32'],
    ['10.96.0.0/16/3', {}, 'invalid CIDR "10.96.0.0/16/3": want an IPv4 CIDR from /0 to /32'],
  ])('%s under %j fails: %s', (text, rules, message) => {
    expect(() => parseCidr(text, rules)).toThrow(message);
  });

  it('tryParseCidr answers undefined instead of throwing', () => {
    expect(tryParseCidr('nonsense')).toBeUndefined();
    expect(tryParseCidr('10.0.0.256/24')).toBeUndefined();
    expect(tryParseCidr('fd00::/64')).toBeUndefined();
  });

  it('accepts a range inside the rules', () => {
    expect(formatCidr(parseCidr('10.244.7.0/24', pod))).toBe('10.244.7.0/24');
  });
});

describe('addresses of a range', () => {
  const r = parseCidr('10.96.0.0/16');

  it.each([
    ['10.96.0.0', 0],
    ['10.96.0.1', 1],
    ['10.96.1.0', 256],
    ['10.96.255.255', 65535],
    ['10.97.0.0', undefined],
    ['10.95.255.255', undefined],
    ['10.0.0.5', undefined],
    ['None', undefined],
    ['', undefined],
  ])('offsetIn(10.96.0.0/16, %j) is %s', (ip, offset) => {
    expect(offsetIn(r, ip)).toBe(offset);
  });

  it.each([
    [0, '10.96.0.0'],
    [1, '10.96.0.1'],
    [258, '10.96.1.2'],
    [65535, '10.96.255.255'],
  ])('nthAddress(10.96.0.0/16, %i) is %s', (n, ip) => {
    expect(nthAddress(r, n)).toBe(ip);
  });
});

describe('sub-ranges', () => {
  const cluster = parseCidr('10.244.0.0/16');

  it.each([
    ['10.244.0.0/16', 24, 0, '10.244.0.0/24'],
    ['10.244.0.0/16', 24, 1, '10.244.1.0/24'],
    ['10.244.0.0/16', 24, 255, '10.244.255.0/24'],
    ['10.0.0.0/22', 24, 3, '10.0.3.0/24'],
    ['10.0.0.0/8', 16, 200, '10.200.0.0/16'],
    ['10.244.0.0/24', 26, 2, '10.244.0.128/26'],
  ])('the sub-range of %s of length /%i at %i is %s', (outer, prefixLength, i, inner) => {
    const o = parseCidr(outer);
    expect(formatCidr(nthSubnet(o, prefixLength, i))).toBe(inner);
    expect(subnetIndex(o, parseCidr(inner))).toBe(i);
  });

  it.each([
    ['192.168.0.0/24'], // elsewhere
    ['10.245.0.0/24'], // just past the end
    ['10.243.255.0/24'], // just before the start
    ['10.0.0.0/8'], // larger than the outer range
  ])('%s is not a sub-range of 10.244.0.0/16', (inner) => {
    expect(subnetIndex(cluster, parseCidr(inner))).toBeUndefined();
  });
});
