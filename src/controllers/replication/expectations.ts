// Expectations (k8s UIDTrackingControllerExpectations): what a replication controller is still waiting to
// see in its informer after it created or deleted pods. The cache lags the API; until the creations and
// deletions of the last sync have been observed (or 5 minutes have passed, in case a watch event was
// lost) the loop must not act on the cache again, or it would create the same replicas twice. Deletions
// are tracked by pod key, so a pod seen deleted twice (update with deletionTimestamp, then delete) counts
// once. Keys are the RC's `namespace/name`. The clock is injected; nothing here reads the wall clock.
import type { Clock } from '../../util';

/** k8s ExpectationsTimeout. */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: Set<string>;
  setAt: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = EXPECTATIONS_TTL_MS,
  ) {}

  /** Replaces key's expectations with count pending creations (call before sending the creates). */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: Math.max(0, count), deletes: new Set(), setAt: this.clock.now() });
  }

  /** Replaces key's expectations with the deletion of these pod keys (call before sending the deletes). */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(podKeys), setAt: this.clock.now() });
  }

  /**
   * A pod of key's was seen created — or a create failed or was skipped and will never be seen (count
   * such ones so the RC is not stuck waiting for them).
   */
  creationObserved(key: string, count = 1): void {
    const e = this.byKey.get(key);
    if (e) e.adds = Math.max(0, e.adds - count);
  }

  /** podKey was seen deleted (or being deleted), or its delete failed. Unexpected keys are ignored. */
  deletionObserved(key: string, podKey: string): void {
    this.byKey.get(key)?.deletes.delete(podKey);
  }

  /**
   * True when the loop may act on the cache for key: nothing was expected, everything expected has been
   * observed, or the expectations are older than the TTL.
   */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.setAt > this.ttlMs;
  }

  /** Forget key (its RC was deleted). */
  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** What is still pending for key, for logs and tests. */
  pending(key: string): { adds: number; deletes: string[] } | undefined {
    const e = this.byKey.get(key);
    return e && { adds: e.adds, deletes: [...e.deletes].sort() };
  }
}
