// Key-prefix ranges for SQL: a prefix becomes [start, end) so the (name, id) index can serve it.

/**
 * The smallest string greater than every string that starts with prefix, or undefined for the empty prefix
 * (no upper bound). Compares like SQLite's BINARY collation for the ASCII keys Kubernetes uses.
 */
export function prefixEnd(prefix: string): string | undefined {
  let p = prefix;
  while (p.length > 0 && p.charCodeAt(p.length - 1) === 0xffff) p = p.slice(0, -1);
  if (p.length === 0) return undefined;
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}
