// nodelifecycle: the node lifecycle controller's decisions, pure. It owns pod-range assignment (a free
// /24 of --cluster-cidr per node, CidrAllocator), the health check of each node against its heartbeat
// (nodeHealth: Ready → Unknown after --node-monitor-grace-period, with the unreachable taints) and the
// eviction of a dead node's pods after --pod-eviction-timeout (podsToEvict), so replication controllers
// replace them on healthy nodes. The clock comes in as numbers; nothing here reads it.
export {
  CidrAllocator,
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_NODE_CIDR_MASK_SIZE,
  type AllocateResult,
} from './cidr-allocator';
export {
  nodeHealth,
  observeHeartbeat,
  notReadySince,
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_STARTUP_GRACE_PERIOD_MS,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  type HeartbeatRecord,
  type NodeHealth,
  type ReadyStatus,
} from './node-health';
export { podsToEvict, podNotReadyStatus, POD_EVICTION_TIMEOUT_MS, type Eviction } from './pods-to-evict';
