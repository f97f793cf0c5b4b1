// Requirement: one clause of a label selector (key, operator, values) with its validation, matching and
// canonical text. Semantics are those of k8s.io/apimachinery/pkg/labels.Requirement:
//   in / = / ==   the key is present and its value is one of values
//   notin / !=    the key is absent, or its value is none of values
//   exists / !    the key is present / absent
//   gt / lt       the key is present and its value, read as an integer, is greater / less than values[0]
import { aggregateMessages, invalidValue, SelectorParseError } from './errors';
import { validateLabelKey, validateLabelValue } from './validation';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export const OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'exists', '!', 'gt', 'lt'];

/** A set of labels as found on an object; undefined behaves as the empty set. */
export type Labels = Readonly<Record<string, string>> | undefined;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64): undefined when s is not a decimal int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function has(labels: Labels, key: string): labels is Readonly<Record<string, string>> {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
}

/** Messages for a requirement that Kubernetes' NewRequirement would reject; [] when valid. */
export function requirementErrors(key: string, operator: string, values: readonly string[]): string[] {
  const errs: string[] = [];
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length) errs.push(invalidValue('key', key, keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        errs.push(invalidValue('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errs.push(invalidValue('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        errs.push(invalidValue('values', values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errs.push(invalidValue('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(
            invalidValue(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
      });
      break;
    default:
      errs.push(
        `operator: Unsupported value: ${JSON.stringify(operator)}: supported values: ${OPERATORS.map((o) => JSON.stringify(o)).join(', ')}`,
      );
  }
  values.forEach((v, i) => {
    const valueErrs = validateLabelValue(v);
    if (valueErrs.length) errs.push(invalidValue(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  return errs;
}

export class Requirement {
  /** Sorted and without duplicates: the order never changes what matches, so it is canonical. */
  readonly values: readonly string[];

  private constructor(
    readonly key: string,
    readonly operator: Operator,
    values: readonly string[],
  ) {
    this.values = Object.freeze([...new Set(values)].sort());
    Object.freeze(this);
  }

  /** Validates like Kubernetes' NewRequirement; throws SelectorParseError listing every problem found. */
  static create(key: string, operator: Operator, values: readonly string[] = []): Requirement {
    const errs = requirementErrors(key, operator, values);
    if (errs.length) throw new SelectorParseError(aggregateMessages(errs));
    return new Requirement(key, operator, values);
  }

  /** For input already known to be valid (labels read back from a validated object). */
  static unchecked(key: string, operator: Operator, values: readonly string[]): Requirement {
    return new Requirement(key, operator, values);
  }

  matches(labels: Labels): boolean {
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has(labels, this.key) && this.values.includes(labels[this.key]!);
      case 'notin':
      case '!=':
        return !has(labels, this.key) || !this.values.includes(labels[this.key]!);
      case 'exists':
        return has(labels, this.key);
      case '!':
        return !has(labels, this.key);
      case 'gt':
      case 'lt':
        return this.compare(labels);
    }
  }

  private compare(labels: Labels): boolean {
    if (!has(labels, this.key) || this.values.length !== 1) return false;
    const actual = parseInt64(labels[this.key]!);
    const bound = parseInt64(this.values[0]!);
    if (actual === undefined || bound === undefined) return false;
    return this.operator === 'gt' ? actual > bound : actual < bound;
  }

  /** The text parseSelector accepts back: `a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`. */
  toString(): string {
    switch (this.operator) {
      case 'exists':
        return this.key;
      case '!':
        return `!${this.key}`;
      case 'in':
      case 'notin':
        return `${this.key} ${this.operator} (${this.values.join(',')})`;
      case 'gt':
        return `${this.key}>${this.values.join(',')}`;
      case 'lt':
        return `${this.key}<${this.values.join(',')}`;
      default:
        return `${this.key}${this.operator}${this.values.join(',')}`;
    }
  }

  equals(other: Requirement): boolean {
    return this.toString() === other.toString();
  }
}
