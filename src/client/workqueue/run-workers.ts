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
        log?.warn(
          { key, err: (err as Error).message, requeues: queue.numRequeues(key) },
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
