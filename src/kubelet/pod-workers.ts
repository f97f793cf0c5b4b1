// PodWorkers: one worker per pod UID, so the kubelet never runs two syncs (or a sync and a kill) of the same pod
// at once, while different pods proceed in parallel. Requests coalesce: asking for a pod that is being synced
// marks it dirty, and it is synced once more afterwards with whatever is desired then (level-triggered: the
// sync reads the current desired state itself, so no request carries data).
export type SyncFn = (uid: string) => Promise<void>;

export class PodWorkers {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();

  /** `onError` hears a failed sync; the pod is synced again at the next request (e.g. the periodic resync). */
  constructor(
    private readonly sync: SyncFn,
    private readonly onError: (uid: string, err: unknown) => void,
  ) {}

  /** Syncs `uid` now, or once more after the sync in progress. */
  enqueue(uid: string): void {
    if (this.running.has(uid)) {
      this.dirty.add(uid);
      return;
    }
    this.running.set(uid, this.loop(uid));
  }

  /** Whether a sync of `uid` is in progress. */
  busy(uid: string): boolean {
    return this.running.has(uid);
  }

  /** Resolves when no sync is in progress (what was running when called, and anything queued after it). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  private async loop(uid: string): Promise<void> {
    for (;;) {
      this.dirty.delete(uid);
      try {
        await this.sync(uid);
      } catch (err) {
        this.onError(uid, err);
      }
      // Checked and cleared in the same tick, so a request arriving now is never lost.
      if (!this.dirty.has(uid)) {
        this.running.delete(uid);
        return;
      }
    }
  }
}
