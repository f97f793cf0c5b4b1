import { describe, expect, it } from 'vitest';
import { PodWorkers } from './pod-workers';

describe('PodWorkers', () => {
  it('never runs two syncs of one pod at once, and coalesces requests made meanwhile into one more sync', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const workers = new PodWorkers(
      async (uid) => {
        log.push(`start ${uid}`);
        if (uid === 'a' && log.length === 1) await new Promise<void>((r) => (release = r));
        log.push(`end ${uid}`);
      },
      () => {},
    );
    workers.enqueue('a');
    workers.enqueue('a');
    workers.enqueue('a');
    workers.enqueue('b');
    expect(workers.busy('a')).toBe(true);
    await new Promise((r) => setImmediate(r));
    release();
    await workers.idle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a', 'start a', 'end a']);
    expect(workers.busy('a')).toBe(false);
  });

  it('reports a failed sync and keeps working', async () => {
    const errors: string[] = [];
    const workers = new PodWorkers(
      () => Promise.reject(new Error('boom')),
      (uid, err) => errors.push(`${uid}: ${(err as Error).message}`),
    );
    workers.enqueue('a');
    await workers.idle();
    workers.enqueue('a');
    await workers.idle();
    expect(errors).toEqual(['a: boom', 'a: boom']);
  });
});
