// Field paths as Kubernetes prints them: `spec.containers[0].ports[1].name`, `resources.limits[cpu]`.

export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p !== '').join('.');
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
