import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { ExponentialRateLimiter } from './rate-limiter';
import { WorkQueue } from './work-queue';

/** Whether get() has answered yet, without waiting for it. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol();
  const v = await Promise.race([p, Promise.resolve().then(() => marker)]);
  return v === marker ? { done: false } : { done: true, value: v as T };
}

describe('WorkQueue', () => {
  it('queues a key once however often it is added, in first-added order', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('re-queues a key added while it is processed only after done()', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    const key = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0); // never handed to a second worker while the first holds it
    const next = q.get();
    expect((await settled(next)).done).toBe(false);
    q.done(key!);
    expect(await next).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0); // added twice while processing: queued once
  });

  it('wakes a waiting get() when a key arrives', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const waiting = q.get();
    q.add('x');
    expect(await waiting).toBe('x');
  });

  it('addAfter releases keys in due order and keeps the earlier of two delays', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.addAfter('late', 200);
    q.addAfter('early', 100);
    q.addAfter('late', 500); // later than already pending: ignored
    q.addAfter('early', 50); // earlier: wins
    clock.step(49);
    expect(q.len()).toBe(0);
    clock.step(1);
    expect(q.len()).toBe(1);
    clock.step(150);
    expect([await q.get(), await q.get()]).toEqual(['early', 'late']);
    clock.step(1000);
    expect(q.len()).toBe(0);
  });

  it('backs off per key exponentially up to the cap, and forget() resets it', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, rateLimiter: new ExponentialRateLimiter(10, 50) });
    const delayOf = async (key: string) => {
      q.addRateLimited(key);
      let ms = 0;
      while (q.len() === 0 && ms < 10_000) {
        clock.step(1);
        ms++;
      }
      q.done((await q.get())!);
      return ms;
    };
    const delays = [];
    for (let i = 0; i < 5; i++) delays.push(await delayOf('a'));
    expect(delays).toEqual([10, 20, 40, 50, 50]);
    expect(q.numRequeues('a')).toBe(5);
    expect(await delayOf('b')).toBe(10); // keys back off independently
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(await delayOf('a')).toBe(10);
  });

  it('after shutDown: drops new and delayed keys, drains what is queued, then answers undefined', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    const idle = new WorkQueue<string>({ clock });
    const blocked = idle.get();
    idle.shutDown();
    expect(await blocked).toBeUndefined();

    q.add('queued');
    q.addAfter('delayed', 10);
    q.shutDown();
    q.add('new');
    clock.step(100);
    expect(clock.pendingTimers()).toBe(0);
    expect(await q.get()).toBe('queued');
    expect(await q.get()).toBeUndefined();
    expect(q.isShuttingDown()).toBe(true);
  });
});
