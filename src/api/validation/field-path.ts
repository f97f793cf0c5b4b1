// Field paths as Kubernetes prints them: `spec.containers[0].ports[1].name`, `resources.limits[cpu]`.
// Every validator builds the path of every field it visits, error or not, so these run on the hot path of
// each create (issue 4's profile): plain concatenation only, no arrays or closures. Concatenation in V8
// makes a rope (a node pointing at both halves) and copies characters only when the string is read, which
// for a valid object is never, so a path costs one small allocation, as a linked parent chain would.

/** `path.name` (and `.then`), skipping empty parts: child('', 'spec') is `spec`. */
export function child(path: string, name: string, then?: string): string {
  const first = path === '' ? name : name === '' ? path : `${path}.${name}`;
  if (then === undefined || then === '') return first;
  return first === '' ? then : `${first}.${then}`;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
