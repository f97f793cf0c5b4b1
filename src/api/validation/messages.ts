// The sentence builders of k8s.io/apimachinery/pkg/util/validation, so every rule words its failure
// exactly as Kubernetes does (including the double space its example lists are known for).

export const FIELD_IMMUTABLE = 'field is immutable';

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function emptyError(): string {
  return 'must be non-empty';
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export const NON_NEGATIVE = 'must be greater than or equal to 0';

/** `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')` */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const list = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${list}regex used for validation is '${fmt}')`;
}
