// leaderelection: one active instance among several replicas of a component (client-go's
// tools/leaderelection). Candidates compete for a lock object in the API — an Endpoints object
// `kube-system/<component>` whose `control-plane.alpha.kubernetes.io/leader` annotation holds the
// LeaderElectionRecord, the resource lock Kubernetes used before Leases — with optimistic concurrency
// (update with resourceVersion), so at most one write wins each round. The holder renews every retry
// period; the others take over once they have seen the record unchanged for a lease duration, timed on
// their own clock (never on the holder's timestamps, so clock skew between machines does not matter).
// Used by the controller-manager and the scheduler (--leader-elect).
export { LEADER_ANNOTATION, parseLeaderRecord, type LeaderElectionRecord } from './leader-record';
export { EndpointsLock, type ResourceLock, type LockState } from './endpoints-lock';
export {
  LeaderElector,
  LEASE_DURATION_MS,
  RENEW_DEADLINE_MS,
  RETRY_PERIOD_MS,
  type LeaderElectionConfig,
  type LeaderCallbacks,
} from './leader-elector';
