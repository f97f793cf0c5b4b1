// SelectorParseError: the one error this folder throws, for bad selector text and bad requirements alike.
// Messages follow k8s.io/apimachinery/pkg/labels (and its field.Error wording), so the apiserver can put
// them straight into a 400 BadRequest Status and kubectl users see what Kubernetes would print.

export class SelectorParseError extends Error {
  constructor(
    message: string,
    /** The selector text that failed to parse, when the error came from parsing. */
    readonly selector?: string,
  ) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

/** Renders a bad value as Go's field.Error does: strings quoted, string slices as `[]string{"a", "b"}`. */
function goValue(value: string | readonly string[]): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** `path: Invalid value: "x": detail`, as field.Invalid(path, x, detail).Error() prints. */
export function invalidValue(path: string, value: string | readonly string[], detail: string): string {
  return `${path}: Invalid value: ${goValue(value)}: ${detail}`;
}

/** Joins messages as Go's utilerrors.Aggregate prints them (one: as is; several: bracketed, deduplicated). */
export function aggregateMessages(msgs: readonly string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
