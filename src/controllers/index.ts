// controllers: the controller-manager's components, "layered on the public API" (seed; DESIGN.md §1).
// Each folder holds one controller's pure decisions with table tests — replication (the seed's replica
// algorithm, adoption, status, expectations), endpoints (service → pod addresses), nodelifecycle (pod
// ranges, heartbeats, unreachable taints, eviction), namespace (finishing namespace deletion) and gc
// (what deleting an owner does to its dependents). The loops that apply them through src/client
// (informer → key → work queue → sync) sit beside them; shared pod and owner-reference rules are here.
export * as replication from './replication';
export * as endpoints from './endpoints';
export * as nodelifecycle from './nodelifecycle';
export * as namespace from './namespace';
export * as gc from './gc';
export * from './pod-util';
export * from './owner-refs';
