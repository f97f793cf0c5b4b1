// parseQuantity's fast path for common forms ("100m", "128Mi") must agree exactly with the general parser:
// same nanos, same format, same canonical string, and the same error for everything it hands on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuantity, parseQuantityGeneral } from './quantity';

const SUFFIXES = ['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** The outcome of a parse as a user sees it: the quantity's exact value and print form, or the error. */
function outcome(parse: (s: string) => unknown, input: string): string {
  try {
    const q = parse(input) as { nanos: bigint; format: string; toString(): string };
    return `${q.nanos} ${q.format} ${q.toString()}`;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('parseQuantity fast path', () => {
  it.each([
    ['100m', 100_000_000n, 'DecimalSI'],
    ['128Mi', 128n * 1024n ** 2n * 1_000_000_000n, 'BinarySI'],
    ['1', 1_000_000_000n, 'DecimalSI'],
    ['007k', 7_000_000_000_000n, 'DecimalSI'],
    ['999999999999999Ei', 999_999_999_999_999n * 1024n ** 6n * 1_000_000_000n, 'BinarySI'],
  ])('%s is exact', (input, nanos, format) => {
    const q = parseQuantity(input);
    expect(q.nanos).toBe(nanos);
    expect(q.format).toBe(format);
  });

  it.each(['1234567890123456', '12345678901234567Mi', '1.5', '-1', '+5', '2e3', '1i', '1Kii', 'm', '', '1 '])(
    '%j gives what the general parser gives',
    (input) => {
      expect(outcome(parseQuantity, input)).toBe(outcome(parseQuantityGeneral, input));
    },
  );

  it('agrees with the general parser on digits and suffixes of any length', () => {
    const input = fc
      .tuple(fc.stringMatching(/^[0-9]{0,20}$/), fc.constantFrom(...SUFFIXES, 'e3', 'i', 'x', 'Mi2'))
      .map(([digits, suffix]) => digits + suffix);
    fc.assert(
      fc.property(input, (s) => outcome(parseQuantity, s) === outcome(parseQuantityGeneral, s)),
      { numRuns: 500 },
    );
  });
});
