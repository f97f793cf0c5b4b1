// kubelet/runtime owns the seam between the kubelet and containers: the Runtime interface (sync, kill, list,
// status, logs, exec, attach), its Docker implementation (docker/, driving k8ts' own dockerd started by
// dockerd.ts) and the hollow-node fake (fake/). The labels on containers are the runtime's whole memory, so a
// restarted kubelet adopts what is running. Restart decisions come from one pure planner (plan.ts) that both
// implementations use; back-off, probes and API status are the kubelet's, not the runtime's.
export type {
  Runtime,
  SyncPodOptions,
  PodRuntimeStatus,
  ContainerRuntimeStatus,
  ContainerStateName,
  RuntimePod,
  LogOptions,
  ExecOptions,
  ExecResult,
  ExecSession,
  AttachOptions,
  AttachSession,
} from './runtime';
export { ErrImagePull, containerNotFound } from './errors';
export { hashContainer } from './spec-hash';
export { planPod, mayRestart, type PodActions, type ObservedPod, type ObservedContainer } from './plan';
export * from './labels';
export {
  startDockerd,
  dockerdPaths,
  ping as pingDockerd,
  type DockerdHandle,
  type DockerdOptions,
} from './dockerd';
export { DockerRuntime, type DockerRuntimeOptions, type PodDnsOptions } from './docker';
export { FakeRuntime, type FakeRuntimeOptions } from './fake';
