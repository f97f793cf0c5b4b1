// The controller loop of sample-controller, once: n workers take keys from the queue and call sync(key).
// A sync that fails (rejects) puts the key back with back-off; one that succeeds clears the key's back-off.
// Resolves when the queue is shut down and every worker has finished its current key.
import type { Logger } from '../../util';
import type { WorkQueue } from './work-queue';

export async function runWorkers<K>(
  queue: WorkQueue<K>,
  workers: number,
  sync: (key: K) => Promise<void>,
  log?: Logger,
): Promise<void> {
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await sync(key);
        queue.forget(key);
      } catch (err) {
        queue.metrics?.syncError();
        log?.warn(
          { ...keyLogFields(key), err: (err as Error).message, requeues: queue.numRequeues(key) },
          'sync failed; retrying',
        );
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
}

/**
 * Log fields for a queue key: the informers' `namespace/name` keys become namespace and name fields, and a
 * `resource|` prefix (the garbage collector's keys) a resource field.
 */
export function keyLogFields(key: unknown): Record<string, string | unknown> {
  if (typeof key !== 'string') return { key };
  const bar = key.indexOf('|');
  const rest = key.slice(bar + 1);
  const slash = rest.indexOf('/');
  return {
    ...(bar >= 0 ? { resource: key.slice(0, bar) } : {}),
    ...(slash < 0 ? { name: rest } : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) }),
  };
}
