// Controllers start their workers only once every informer they read has listed (sample-controller's
// WaitForCacheSync): acting on a half-filled cache would, say, create pods that already exist.

export interface Syncable {
  hasSynced(): boolean;
  whenSynced(): Promise<void>;
}

/** Resolves true once all have synced, or false if signal aborts first. */
export function waitForCacheSync(informers: readonly Syncable[], signal?: AbortSignal): Promise<boolean> {
  if (informers.every((i) => i.hasSynced())) return Promise.resolve(true);
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    void Promise.all(informers.map((i) => i.whenSynced())).then(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
  });
}
