// Group commit: callers are answered only once their batch is durable, batches in commit order, and a failed
// sync fails its batch with Unavailable instead of acknowledging writes that may not be on disk.
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../store';
import { WriteBatcher } from './write-batcher';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A batcher whose transactions just run, whose syncs the test finishes by hand, logging what it sees. */
function harness() {
  const syncs: ReturnType<typeof deferred>[] = [];
  const log: string[] = [];
  let batch = 0;
  const batcher = new WriteBatcher(
    (fn) => fn(),
    () => {
      const n = ++batch;
      log.push(`commit ${n}`);
      return () => log.push(`publish ${n}`);
    },
    () => {
      const d = deferred();
      syncs.push(d);
      return d.promise;
    },
  );
  return { batcher, syncs, log };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('WriteBatcher', () => {
  it('answers a batch only after its sync, and publishes before answering', async () => {
    const { batcher, syncs, log } = harness();
    const a = batcher.submit(() => 'a').then((v) => log.push(`answer ${v}`));
    const b = batcher.submit(() => 'b').then((v) => log.push(`answer ${v}`));
    await turn();
    expect(log).toEqual(['commit 1']);
    syncs[0]!.resolve();
    await Promise.all([a, b]);
    expect(log).toEqual(['commit 1', 'publish 1', 'answer a', 'answer b']);
  });

  it('answers batches in commit order even when a later sync finishes first', async () => {
    const { batcher, syncs, log } = harness();
    const first = batcher.submit(() => 1).then(() => log.push('answer 1'));
    await turn();
    const second = batcher.submit(() => 2).then(() => log.push('answer 2'));
    await turn();
    syncs[1]!.resolve();
    await turn();
    expect(log).toEqual(['commit 1', 'commit 2']);
    syncs[0]!.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['commit 1', 'commit 2', 'publish 1', 'answer 1', 'publish 2', 'answer 2']);
  });

  it('fails every write of a batch whose sync failed, and publishes nothing', async () => {
    const { batcher, syncs, log } = harness();
    const write = batcher.submit(() => 'x');
    await turn();
    syncs[0]!.reject(new Error('EIO'));
    const err = await write.catch((e: unknown) => e);
    expect(isStorageError(err, 'Unavailable')).toBe(true);
    expect((err as Error).message).toContain('EIO');
    expect(log).toEqual(['commit 1']);
  });
});
