// Quantity: Kubernetes' resource amount ("500m", "128Mi", "2e3") held exactly as a whole number of
// nano-units in a bigint. Parsing rounds anything finer than a nano-unit away from zero, as Kubernetes
// does, so every Quantity is an integer count of nanos and arithmetic never drifts (0.1 + 0.2 == 0.3).

/** How a quantity prints: with binary suffixes (Ki, Mi, ...), decimal SI suffixes, or an exponent. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** Kubernetes' own wording for the two ways a quantity string can be wrong. */
export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityParseError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

const NANO = 1_000_000_000n;
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const SUFFIX_FOR_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
/** Exponents past this are refused rather than turned into numbers with a million digits. */
const MAX_EXPONENT = 1000;

const abs = (n: bigint) => (n < 0n ? -n : n);
const pow10 = (n: number) => 10n ** BigInt(n);

/** Divides, rounding the magnitude up (away from zero) when the division is not exact. */
function divRoundUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  if (q * d === n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

export class Quantity {
  private constructor(
    /** The amount in nano-units (1 = 1n = 10^-9). */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  static fromNanos(nanos: bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(nanos, format);
  }

  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  static fromValue(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  /** The amount in whole units, rounded up in magnitude: "1500m" → 2n. */
  value(): bigint {
    return divRoundUp(this.nanos, NANO);
  }

  /** The amount in thousandths, rounded up in magnitude: "1.5" → 1500n, "1n" → 1n. */
  milliValue(): bigint {
    return divRoundUp(this.nanos, 1_000_000n);
  }

  /** Close enough for scores and percentages; never use it for comparisons that must be exact. */
  asApproximateNumber(): number {
    return Number(this.nanos) / 1e9;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  /** Keeps this quantity's format, unless this one is zero (then the other's), as Kubernetes does. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos < 0n ? -1 : this.nanos > 0n ? 1 : 0;
  }

  /**
   * The canonical form: the smallest integer mantissa with a suffix. Binary quantities keep a binary
   * suffix when they are whole and at least 1Ki ("1536" stays "1536", 2048 prints "2Ki"); everything
   * else prints with decimal SI suffixes ("1.5" → "1500m"). Unlike Kubernetes, exponent-format input
   * also prints with SI suffixes ("2e3" → "2k"), which every Kubernetes client parses back the same.
   */
  toString(): string {
    if (this.nanos === 0n) return '0';
    const sign = this.nanos < 0n ? '-' : '';
    const magnitude = abs(this.nanos);
    if (this.format === 'BinarySI' && magnitude >= 1024n * NANO && magnitude % NANO === 0n) {
      return sign + binaryString(magnitude / NANO);
    }
    return sign + decimalString(magnitude);
  }

  toJSON(): string {
    return this.toString();
  }
}

function binaryString(units: bigint): string {
  let exp = 0;
  while (exp < BINARY_SUFFIXES.length - 1 && units % 1024n === 0n) {
    units /= 1024n;
    exp++;
  }
  return `${units}${BINARY_SUFFIXES[exp]}`;
}

function decimalString(nanos: bigint): string {
  let mantissa = nanos;
  let exp = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp++;
  }
  const down = ((exp % 3) + 3) % 3;
  mantissa *= pow10(down);
  exp -= down;
  if (exp > 18) {
    mantissa *= pow10(exp - 18);
    exp = 18;
  }
  return `${mantissa}${SUFFIX_FOR_EXPONENT.get(exp)}`;
}

const SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const NUMBER = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/;

/** Parses a Kubernetes quantity string; throws QuantityParseError with Kubernetes' message. */
export function parseQuantity(input: string): Quantity {
  return parseCommon(input) ?? parseQuantityGeneral(input);
}

/**
 * What one unit of each suffix is in nanos, for the forms nearly every manifest uses ("100m", "128Mi", "2"):
 * every decimal SI suffix and every binary one. Exponents ("2e3") are left to the general parser.
 */
const COMMON_SUFFIXES = new Map<string, { nanos: bigint; format: QuantityFormat }>([
  ...Object.entries(DECIMAL_SUFFIXES).map(
    ([s, e]) => [s, { nanos: pow10(e + 9), format: 'DecimalSI' as const }] as const,
  ),
  ...BINARY_SUFFIXES.slice(1).map(
    (s, i) => [s, { nanos: 1024n ** BigInt(i + 1) * NANO, format: 'BinarySI' as const }] as const,
  ),
]);
/** Up to this many digits the mantissa is exact in a double (10^15 < 2^53). */
const COMMON_MAX_DIGITS = 15;

/**
 * The fast path of parseQuantity (issue 4: parsing was over a third of pod validation): unsigned whole
 * digits and a plain suffix, read with one loop and one bigint multiply instead of two regular expressions
 * and bigint powers. Any other form (a sign, a fraction, an exponent, a long or malformed number) is
 * undefined, and the general parser decides it, so results and errors are exactly the general parser's.
 */
function parseCommon(input: string): Quantity | undefined {
  let i = 0;
  let mantissa = 0;
  for (; i < input.length && i <= COMMON_MAX_DIGITS; i++) {
    const c = input.charCodeAt(i) - 48; // '0'
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
  }
  if (i === 0 || i > COMMON_MAX_DIGITS) return undefined;
  const unit = COMMON_SUFFIXES.get(i === input.length ? '' : input.slice(i));
  return unit && Quantity.fromNanos(BigInt(mantissa) * unit.nanos, unit.format);
}

/** The parser for every form Kubernetes accepts; exported so tests and benchmarks can hold the fast path to it. */
export function parseQuantityGeneral(input: string): Quantity {
  const shape = SHAPE.exec(input);
  const num = shape && NUMBER.exec(shape[1]!);
  if (!shape || !num || (num[2] === '' && !num[3])) throw new QuantityParseError(input, ERR_FORMAT_WRONG);
  const [, signText, whole, frac = ''] = num;
  const suffix = parseSuffix(input, shape[2]!);
  let digits = BigInt((whole || '0') + frac);
  if (signText === '-') digits = -digits;
  let nanos: bigint;
  if (suffix.format === 'BinarySI') {
    nanos = scaleBy10(digits * 1024n ** BigInt(suffix.power), 9 - frac.length);
  } else {
    nanos = scaleBy10(digits, suffix.power + 9 - frac.length);
  }
  return Quantity.fromNanos(nanos, suffix.format);
}

function scaleBy10(n: bigint, exp: number): bigint {
  return exp >= 0 ? n * pow10(exp) : divRoundUp(n, pow10(-exp));
}

function parseSuffix(input: string, suffix: string): { format: QuantityFormat; power: number } {
  const bin = BINARY_SUFFIXES.indexOf(suffix);
  if (suffix !== '' && bin > 0) return { format: 'BinarySI', power: bin };
  if (suffix in DECIMAL_SUFFIXES) return { format: 'DecimalSI', power: DECIMAL_SUFFIXES[suffix]! };
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    const power = Number(suffix.slice(1));
    if (Math.abs(power) > MAX_EXPONENT) throw new QuantityParseError(input, ERR_FORMAT_WRONG);
    return { format: 'DecimalExponent', power };
  }
  throw new QuantityParseError(input, ERR_SUFFIX);
}

/** Accepts what JSON and YAML carry: a quantity string or a plain number (`cpu: 2`). */
export function quantityFrom(value: unknown): Quantity {
  if (typeof value === 'number' && Number.isFinite(value)) return parseQuantity(String(value));
  if (typeof value === 'string') return parseQuantity(value);
  throw new QuantityParseError(String(value), ERR_FORMAT_WRONG);
}

/** parseQuantity for places that prefer a value to an exception. */
export function tryParseQuantity(input: string): Quantity | undefined {
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}
