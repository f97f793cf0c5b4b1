// The leader election record (client-go resourcelock.LeaderElectionRecord), stored as JSON in an
// annotation of the lock object, in the exact shape Kubernetes wrote before Leases.

export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface LeaderElectionRecord {
  /** "" when the last holder released the lock on shutdown. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339: when the current holder acquired the lock. */
  acquireTime: string;
  /** RFC 3339: the holder's last renewal. Informative only: candidates time the lease on their own clock. */
  renewTime: string;
  leaderTransitions: number;
}

/** The record in an annotation value; undefined when absent or unreadable (then anyone may take it). */
export function parseLeaderRecord(value: string | undefined): LeaderElectionRecord | undefined {
  if (!value) return undefined;
  try {
    const r = JSON.parse(value) as Partial<LeaderElectionRecord>;
    if (typeof r !== 'object' || r === null) return undefined;
    return {
      holderIdentity: typeof r.holderIdentity === 'string' ? r.holderIdentity : '',
      leaseDurationSeconds: Number(r.leaseDurationSeconds) || 0,
      acquireTime: String(r.acquireTime ?? ''),
      renewTime: String(r.renewTime ?? ''),
      leaderTransitions: Number(r.leaderTransitions) || 0,
    };
  } catch {
    return undefined;
  }
}
