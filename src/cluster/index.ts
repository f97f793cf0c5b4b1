// cluster: the life of a local cluster — `up` starts its processes, `down` stops them, `status` reports.
// Processes are tracked by the PID files under $K8TS_HOME/run, never found by name.
export { up, type UpOptions, type UpResult } from './up';
export { down, COMPONENTS } from './down';
export { clusterPaths } from './paths';
export { runningPid } from './processes';
