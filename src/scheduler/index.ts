// scheduler: where each pod runs. This folder owns the pure core of kube-scheduler's design — the
// assumed-pod cache that keeps per-node totals (requests, pod count, host ports) and never lets
// parallel decisions over-commit a node, the filters that rule nodes out with Kubernetes' reasons
// (cordoned, untolerated taints incl. not-ready, node selector/affinity, host ports, cpu / memory / pod
// count), the scores that rank the rest (least requested, spreading a service's or controller's pods),
// schedulePod that combines them, and the FailedScheduling message ("0/3 nodes are available: ...").
// The loop that feeds it from informers and posts pods/<name>/binding and events sits on src/client.
export { SchedulerCache, type SchedulerCacheOptions } from './cache';
export { NodeInfo, labelCountKey } from './node-info';
export { newPodInfo, podKey, isTerminal, needsScheduling, type PodInfo } from './pod-info';
export {
  podRequest,
  nodeAllocatable,
  DEFAULT_MILLI_CPU_REQUEST,
  DEFAULT_MEMORY_REQUEST,
  type Resources,
  type Allocatable,
} from './resources';
export { podHostPorts, HostPortSet, type HostPort } from './host-ports';
export {
  toleratesTaint,
  tolerated,
  effectiveTaints,
  readinessTaint,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
} from './taints';
export { compileNodeMatcher, type NodeMatcher } from './node-matcher';
export { compileSelectors, type CompiledSelectors, type LabelMatcher } from './label-matcher';
export * from './predicates';
export * from './priorities';
export { fitErrorMessage, newFitError, ERR_NO_NODES_AVAILABLE, type FitError } from './fit-error';
export { scheduledMessage, REASON_SCHEDULED, REASON_FAILED_SCHEDULING } from './event-messages';
export {
  schedulePod,
  numFeasibleNodesToFind,
  MIN_FEASIBLE_NODES_TO_FIND,
  type ScheduleOptions,
  type ScheduleResult,
} from './generic-scheduler';
