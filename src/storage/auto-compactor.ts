// Automatic compaction for any Store: every interval, forget history older than the newest `window` revisions,
// as the Kubernetes apiserver does (it compacts etcd every 5 minutes). Timers come from the injected Clock.
import { componentLogger, type Clock } from '../util';
import type { Store } from './store';

export interface AutoCompactorOptions {
  /** Revisions kept behind the current one. */
  window: number;
  intervalMs: number;
  clock: Clock;
}

/** Starts compacting periodically; returns a function that stops it. */
export function startAutoCompactor(
  store: Pick<Store, 'currentRevision' | 'compact'>,
  options: AutoCompactorOptions,
): () => void {
  const log = componentLogger('storage-compactor');
  let cancel: (() => void) | undefined;
  let stopped = false;
  let compacted = 0;

  const tick = async (): Promise<void> => {
    try {
      const target = (await store.currentRevision()) - options.window;
      if (target > compacted) {
        await store.compact(target);
        compacted = target;
      }
    } catch (err) {
      if (!stopped) log.warn({ err }, 'compaction failed; will retry at the next interval');
    }
    if (!stopped) cancel = options.clock.setTimeout(() => void tick(), options.intervalMs);
  };

  cancel = options.clock.setTimeout(() => void tick(), options.intervalMs);
  return () => {
    stopped = true;
    cancel?.();
  };
}

/** A backend's compaction settings: `compactWindow` 0 turns it off; defaults keep 1000 revisions, every 5 min. */
export interface BackendCompaction {
  compactWindow?: number;
  compactIntervalMs?: number;
  clock?: Clock;
}

/** What both backends start with: the auto-compactor with their options' defaults applied. */
export function startBackendCompactor(
  store: Pick<Store, 'currentRevision' | 'compact'>,
  options: BackendCompaction,
  defaultClock: Clock,
): () => void {
  const window = options.compactWindow ?? 1000;
  if (window <= 0) return () => {};
  return startAutoCompactor(store, {
    window,
    intervalMs: options.compactIntervalMs ?? 5 * 60_000,
    clock: options.clock ?? defaultClock,
  });
}
