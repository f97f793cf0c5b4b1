// gc: the garbage collector's decisions, pure — what happens to an owner's dependents when the owner is
// deleted (dependentsToDelete, by propagation policy: Background and Foreground delete them, Orphan keeps
// them) and the patch that cuts a dependent loose (orphanPatch). This is why deleting a replication
// controller deletes its pods, as kubectl users expect, and `--cascade=orphan` leaves them running.
export {
  dependentsToDelete,
  orphanPatch,
  propagationPolicyOf,
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  type GcPlan,
  type PropagationPolicy,
} from './dependents';
