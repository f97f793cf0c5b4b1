// runtime/docker: the Runtime on a real dockerd — sandbox and app containers from a Pod, status from inspect,
// logs, exec and attach over Docker's streams, pod volumes on disk.
export { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime';
export { appContainerConfig, sandboxConfig, containerEnv, expand } from './container-config';
export { statusFromInspect } from './inspect-status';
export { podDir, emptyDirPath } from './volumes';
export {
  writePodFiles,
  podFilePaths,
  podFileBinds,
  DEFAULT_POD_DNS,
  type PodDnsOptions,
  type PodFiles,
} from './pod-files';
