import { describe, expect, it } from 'vitest';
import { dnsOptions, parseHostPort, type DnsFlags } from './dns';

const defaults: DnsFlags = {
  bindAddress: '127.0.0.1',
  port: '53',
  clusterDomain: 'cluster.local',
  healthBindAddress: '127.0.0.1:8081',
};

describe('k8ts dns flags', () => {
  it('reads the defaults', () => {
    expect(dnsOptions(defaults)).toEqual({
      domain: 'cluster.local',
      bindAddress: '127.0.0.1',
      port: 53,
      health: { address: '127.0.0.1', port: 8081 },
    });
  });

  it('normalises the domain and turns the health port off when empty', () => {
    expect(dnsOptions({ ...defaults, clusterDomain: 'Corp.Example.', healthBindAddress: '' })).toMatchObject({
      domain: 'corp.example',
      health: undefined,
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => dnsOptions({ ...defaults, port: '65536' })).toThrow(
      'invalid --port "65536": want a port from 0 to 65535',
    );
    expect(() => dnsOptions({ ...defaults, port: '5x' })).toThrow('invalid --port "5x"');
    expect(() => dnsOptions({ ...defaults, bindAddress: 'localhost' })).toThrow(
      'invalid --bind-address "localhost": want an IP address such as 127.0.0.1',
    );
    expect(() => dnsOptions({ ...defaults, clusterDomain: 'a_b' })).toThrow('invalid cluster domain "a_b"');
    expect(() => dnsOptions({ ...defaults, healthBindAddress: '8081' })).toThrow(
      'invalid --health-bind-address "8081": want HOST:PORT such as 127.0.0.1:8081',
    );
  });

  it('reads IPv6 hosts in brackets', () => {
    expect(parseHostPort('--x', '[::1]:8081')).toEqual({ address: '::1', port: 8081 });
  });
});
