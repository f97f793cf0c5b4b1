// cluster: the life of a local cluster — `up` starts its processes, `down` removes all it made, `status` reports.
// Processes are tracked by the PID files under $K8TS_HOME/run, never found by name.
export { up, type UpOptions, type UpResult } from './up';
export { down } from './down';
export { status, formatStatus, type ComponentStatus } from './status';
export { COMPONENTS, type ComponentName } from './components';
export { chainName } from './firewall';
export { clusterPaths, type ClusterPaths } from './paths';
export { runningPid } from './processes';
export { DEFAULT_SETTINGS, type ClusterSettings } from './settings';
