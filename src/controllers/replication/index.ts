// replication: the replication manager's decisions, pure (DESIGN.md §1, STYLE.md rule 3). Given an RC and
// the pods in its namespace as the informer sees them, it says which pods the RC owns, adopts or releases
// (podsToManage), how many to create and which to delete (replicaDiff, in Kubernetes' deletion order),
// what each new pod looks like (podFromTemplate) and what status to report (rcStatus). Expectations keep
// the loop from acting twice on a lagging cache. Those decisions do no I/O; the loop that applies them
// through src/client (ReplicationManager.sync, its informer handlers, runReplicationManager) sits beside
// them and is the only file set here that talks to the cluster.
export { podsToManage, adoptPatch, releasePatch, controllerRefFor, type ManagedPods } from './pods-to-manage';
export { replicaDiff, slowStartBatches, BURST_REPLICAS, type ReplicaDiff } from './replica-diff';
export { rankForDeletion, POD_DELETION_COST } from './deletion-order';
export { podFromTemplate } from './pod-from-template';
export {
  rcStatus,
  statusEqual,
  nextAvailableInMs,
  type ManageFailure,
  type ReplicationControllerStatus,
} from './rc-status';
export { rcSelector, desiredReplicas } from './rc-selector';
export { Expectations, EXPECTATIONS_TTL_MS } from './expectations';
export {
  ReplicationManager,
  runReplicationManager,
  type ReplicationManagerDeps,
  type RunReplicationManagerOptions,
} from './replication-manager';
export { podEventHandler, rcEventHandler, type HandlerDeps } from './event-handlers';
export { claimPods, manageReplicas, type ManageDeps } from './manage-replicas';
