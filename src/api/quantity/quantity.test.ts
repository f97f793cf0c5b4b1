import { describe, expect, it } from 'vitest';
import { ERR_FORMAT_WRONG, ERR_SUFFIX, parseQuantity, quantityFrom, Quantity } from './index';

describe('parseQuantity', () => {
  // input, canonical string, milliValue, value (rounded up)
  const cases: [string, string, bigint, bigint][] = [
    ['0', '0', 0n, 0n],
    ['1', '1', 1000n, 1n],
    ['1500m', '1500m', 1500n, 2n],
    ['1.5', '1500m', 1500n, 2n],
    ['500m', '500m', 500n, 1n],
    ['0.5', '500m', 500n, 1n],
    ['2e3', '2k', 2_000_000n, 2000n],
    ['2E3', '2k', 2_000_000n, 2000n],
    ['1e-3', '1m', 1n, 1n],
    ['1G', '1G', 1_000_000_000_000n, 1_000_000_000n],
    ['1000k', '1M', 1_000_000_000n, 1_000_000n],
    ['128Mi', '128Mi', 134_217_728_000n, 134_217_728n],
    ['1Ki', '1Ki', 1_024_000n, 1024n],
    ['1024Ki', '1Mi', 1_048_576_000n, 1_048_576n],
    ['1.5Ki', '1536', 1_536_000n, 1536n],
    ['0.5Ki', '512', 512_000n, 512n],
    ['1Ei', '1Ei', 1_152_921_504_606_846_976_000n, 1_152_921_504_606_846_976n],
    ['-1', '-1', -1000n, -1n],
    ['-1.5', '-1500m', -1500n, -2n],
    ['+5', '5', 5000n, 5n],
    ['100n', '100n', 1n, 1n],
    ['1u', '1u', 1n, 1n],
    ['0.1n', '1n', 1n, 1n], // finer than a nano rounds up
    ['.5', '500m', 500n, 1n],
    ['5.', '5', 5000n, 5n],
    ['12E', '12E', 12_000_000_000_000_000_000_000n, 12_000_000_000_000_000_000n],
    ['1e21', '1000E', 10n ** 24n, 10n ** 21n],
  ];
  it.each(cases)('%s → %s (milli %d, value %d)', (input, canonical, milli, value) => {
    const q = parseQuantity(input);
    expect(q.toString()).toBe(canonical);
    expect(q.milliValue()).toBe(milli);
    expect(q.value()).toBe(value);
    expect(parseQuantity(q.toString()).equals(q)).toBe(true);
  });

  const bad: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['abc', ERR_FORMAT_WRONG],
    ['1.2.3', ERR_FORMAT_WRONG],
    ['.', ERR_FORMAT_WRONG],
    ['1Kb', ERR_FORMAT_WRONG],
    ['1K', ERR_SUFFIX],
    ['1mi', ERR_SUFFIX],
    ['1 Gi', ERR_FORMAT_WRONG],
  ];
  it.each(bad)('rejects %j', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(message);
  });
});

describe('Quantity arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    const sum = parseQuantity('0.1').add(parseQuantity('0.2'));
    expect(sum.equals(parseQuantity('0.3'))).toBe(true);
    expect(sum.toString()).toBe('300m');
  });

  it('compares across suffixes', () => {
    expect(parseQuantity('1Gi').cmp(parseQuantity('1G'))).toBe(1);
    expect(parseQuantity('1000m').cmp(parseQuantity('1'))).toBe(0);
    expect(parseQuantity('999m').cmp(parseQuantity('1'))).toBe(-1);
  });

  it('subtracts into negatives and reaches zero', () => {
    expect(parseQuantity('1').sub(parseQuantity('1500m')).toString()).toBe('-500m');
    expect(parseQuantity('2Gi').sub(parseQuantity('2048Mi')).isZero()).toBe(true);
  });

  it('keeps the binary format of the left operand', () => {
    expect(parseQuantity('1Gi').add(parseQuantity('1Gi')).toString()).toBe('2Gi');
    expect(Quantity.fromValue(0).add(parseQuantity('512Mi')).toString()).toBe('512Mi');
  });

  it('reads plain numbers from YAML/JSON', () => {
    expect(quantityFrom(2).toString()).toBe('2');
    expect(quantityFrom(0.25).milliValue()).toBe(250n);
    expect(() => quantityFrom({})).toThrow(ERR_FORMAT_WRONG);
  });

  it('serialises to its canonical string in JSON', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.25') })).toBe('{"cpu":"250m"}');
  });
});
