// What the API fuzz campaign sends: valid Pod/Service/RC fixtures, mutated by fast-check — fields set to
// random JSON, huge strings or deep nesting, fields deleted, unknown fields added — and the operation that
// carries them (create, update, or a JSON / merge / strategic merge patch).
import fc from 'fast-check';

export const RESOURCES = ['pods', 'services', 'replicationcontrollers'] as const;
export type FuzzResource = (typeof RESOURCES)[number];

const container = { name: 'c', image: 'busybox', ports: [{ containerPort: 80 }] };

/** A valid object of each kind: what every mutation starts from. */
export function fixture(resource: FuzzResource, name: string): Record<string, unknown> {
  const metadata = { name, labels: { app: 'web' }, annotations: { note: 'fuzz' } };
  switch (resource) {
    case 'pods':
      return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [container] } };
    case 'services':
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] },
      };
    case 'replicationcontrollers':
      return {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata,
        spec: {
          replicas: 2,
          selector: { app: 'web' },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
        },
      };
  }
}

type Path = (string | number)[];

/** Every path into a JSON value down to depth 12 (a mutation may have nested 3,000 deep), root excluded. */
export function pathsOf(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object' || prefix.length >= 12) return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const p = [...prefix, k];
    return [p, ...pathsOf((v as Record<string | number, unknown>)[k], p)];
  });
}

const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Hostile values: any JSON, strings of up to 1 MiB, nesting up to 3,000 deep, edge numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 1 << 20 }).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 10, max: 3000 }).map((d) => deep(d, 'leaf')), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      -1,
      0,
      1.5,
      2 ** 31,
      2 ** 53 + 2,
      -1e308,
      1e308,
      '',
      ' ',
      '-',
      'a'.repeat(254),
      '1',
    ),
    weight: 2,
  },
);

export type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'unknown'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('unknown' as const), at: fc.nat(), key: fc.string(), value: hostileValue }),
);

/** Applies m to a copy of obj; `at` picks a path modulo how many there are. */
export function mutate<T>(obj: T, mutations: Mutation[]): T {
  const out = structuredClone(obj) as Record<string | number, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(out);
    if (paths.length === 0) break;
    const p = paths[m.at % paths.length]!;
    const parent = p.slice(0, -1).reduce<any>((o, k) => o[k], out);
    const last = p.at(-1)!;
    if (m.kind === 'set') parent[last] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
      parent[last][m.key] = m.value;
  }
  return out as T;
}

export type FuzzOp =
  | { op: 'create'; resource: FuzzResource; mutations: Mutation[] }
  | { op: 'update'; resource: FuzzResource; mutations: Mutation[] }
  | { op: 'merge' | 'strategic'; resource: FuzzResource; mutations: Mutation[]; raw?: unknown }
  | { op: 'json'; resource: FuzzResource; patch: unknown[] };

const jsonPatchOp = fc.record({
  op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
  path: fc.oneof(
    fc.constantFrom(
      '/metadata/name',
      '/metadata/labels/x',
      '/spec/containers/0',
      '/spec/containers/-',
      '/kind',
    ),
    fc.constantFrom(
      '/spec/replicas',
      '/spec/ports/0/port',
      '/metadata/resourceVersion',
      '',
      '/~2',
      '/spec/x/y',
    ),
    fc.string().map((s) => `/${s}`),
  ),
  from: fc.constantFrom('/metadata/labels', '/spec', '/spec/containers/0', '/nope'),
  value: hostileValue,
});

const resource = fc.constantFrom(...RESOURCES);
const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

export const fuzzOp: fc.Arbitrary<FuzzOp> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), resource, mutations }),
  fc.record({ op: fc.constant('update' as const), resource, mutations }),
  fc.record({ op: fc.constantFrom('merge' as const, 'strategic' as const), resource, mutations }),
  fc.record({
    op: fc.constantFrom('merge' as const, 'strategic' as const),
    resource,
    mutations,
    raw: hostileValue,
  }),
  fc.record({ op: fc.constant('json' as const), resource, patch: fc.array(jsonPatchOp, { maxLength: 4 }) }),
);
