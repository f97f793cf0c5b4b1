// Automatic compaction: keeps the window, runs on the injected clock, skips when nothing is new, stops.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../util';
import { startAutoCompactor } from './auto-compactor';

function fakeStore(revision: number) {
  const compacted: number[] = [];
  return {
    compacted,
    revision,
    async currentRevision() {
      return this.revision;
    },
    async compact(r: number) {
      compacted.push(r);
    },
  };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('startAutoCompactor', () => {
  it('compacts all but the newest window revisions at every interval, and stops when told', async () => {
    const clock = new FakeClock();
    const store = fakeStore(1500);
    const stop = startAutoCompactor(store, { window: 1000, intervalMs: 60_000, clock });
    clock.step(59_999);
    await flush();
    expect(store.compacted).toEqual([]);
    clock.step(1);
    await flush();
    expect(store.compacted).toEqual([500]);
    clock.step(60_000); // nothing new was written: no second compaction at the same revision
    await flush();
    expect(store.compacted).toEqual([500]);
    store.revision = 2200;
    clock.step(60_000);
    await flush();
    expect(store.compacted).toEqual([500, 1200]);
    stop();
    store.revision = 5000;
    clock.step(600_000);
    await flush();
    expect(store.compacted).toEqual([500, 1200]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
