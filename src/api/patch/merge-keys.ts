// How strategic merge patch treats each list field of the kinds k8ts serves, taken from the struct tags
// `patchStrategy` / `patchMergeKey` in k8s.io/api core/v1 types.go (the kubernetes-types declarations do not
// carry them). A list not named here is atomic: a patch replaces it whole. Paths are field names joined by
// dots, stepping through list elements without an index ("spec.containers.env").

export interface ListStrategy {
  /** Field of each element that identifies it; absent for lists of primitives merged as sets. */
  mergeKey?: string;
  /** `merge,retainKeys` in the tag: honours `$retainKeys` inside elements. */
  retainKeys?: boolean;
}

type Table = Record<string, ListStrategy>;

const OBJECT_META: Table = {
  finalizers: {},
  ownerReferences: { mergeKey: 'uid' },
};

const CONTAINER: Table = {
  ports: { mergeKey: 'containerPort' },
  env: { mergeKey: 'name' },
  volumeMounts: { mergeKey: 'mountPath' },
  volumeDevices: { mergeKey: 'devicePath' },
};

const POD_SPEC: Table = {
  volumes: { mergeKey: 'name', retainKeys: true },
  ...nest('initContainers', { '': { mergeKey: 'name' }, ...CONTAINER }),
  ...nest('containers', { '': { mergeKey: 'name' }, ...CONTAINER }),
  ...nest('ephemeralContainers', { '': { mergeKey: 'name' }, ...CONTAINER }),
  imagePullSecrets: { mergeKey: 'name' },
  hostAliases: { mergeKey: 'ip' },
  topologySpreadConstraints: { mergeKey: 'topologyKey' },
  schedulingGates: { mergeKey: 'name' },
  resourceClaims: { mergeKey: 'name', retainKeys: true },
};

const POD_STATUS: Table = {
  conditions: { mergeKey: 'type' },
  podIPs: { mergeKey: 'ip' },
  hostIPs: { mergeKey: 'ip' },
};

const CONDITIONS: Table = { conditions: { mergeKey: 'type' } };

/** Prefixes every path of `table` with `prefix` ('' in the table stands for the prefix itself). */
function nest(prefix: string, table: Table): Table {
  const out: Table = {};
  for (const [path, s] of Object.entries(table)) out[path ? `${prefix}.${path}` : prefix] = s;
  return out;
}

const BY_KIND: Record<string, Table> = {
  Pod: { ...nest('metadata', OBJECT_META), ...nest('spec', POD_SPEC), ...nest('status', POD_STATUS) },
  ReplicationController: {
    ...nest('metadata', OBJECT_META),
    ...nest('spec.template.metadata', OBJECT_META),
    ...nest('spec.template.spec', POD_SPEC),
    ...nest('status', CONDITIONS),
  },
  Service: {
    ...nest('metadata', OBJECT_META),
    'spec.ports': { mergeKey: 'port' },
    ...nest('status', CONDITIONS),
  },
  Node: {
    ...nest('metadata', OBJECT_META),
    'spec.podCIDRs': {},
    'status.conditions': { mergeKey: 'type' },
    'status.addresses': { mergeKey: 'type' },
  },
  Namespace: { ...nest('metadata', OBJECT_META), ...nest('status', CONDITIONS) },
  Endpoints: nest('metadata', OBJECT_META),
  Event: nest('metadata', OBJECT_META),
  Binding: nest('metadata', OBJECT_META),
  Scale: nest('metadata', OBJECT_META),
};

/** The merge strategy of the list at `path` in an object of `kind`, or undefined when the list is atomic. */
export function listStrategy(kind: string, path: string): ListStrategy | undefined {
  return BY_KIND[kind]?.[path];
}
