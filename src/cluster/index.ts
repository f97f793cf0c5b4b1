// cluster: the life of a local cluster — `up` starts its processes (one node in the host network namespace, or
// several, each in a network namespace of its own joined by a host bridge; one dockerd; cluster DNS; SQLite
// or etcd; the API over HTTPS only, every component with its own credentials), `down` removes all it made,
// `push` restarts the components one by one on the current build, `status` reports. Processes are tracked by the PID files under $K8TS_HOME/run, never found by name.
export { up, type UpOptions, type UpResult } from './up';
export { down } from './down';
export { push, type PushResult } from './push';
export { status, formatStatus, type ComponentStatus } from './status';
export { planComponents, serverOf, type ComponentPlan, type ComponentVerb } from './components';
export { chainName } from './firewall';
export { planTopology, type Topology, type NodePlan, type Route } from './topology';
export { clusterPaths, type ClusterPaths } from './paths';
export { runningPid } from './processes';
export { DEFAULT_SETTINGS, type ClusterSettings, type ProxyMode, type StoreKind } from './settings';
