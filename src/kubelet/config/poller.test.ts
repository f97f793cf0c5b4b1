import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { Poller } from './poller';

/** A check whose runs the test finishes by hand. */
function manualCheck() {
  const pending: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const check = () =>
    new Promise<void>((resolve) => {
      maxActive = Math.max(maxActive, ++active);
      pending.push(() => {
        active--;
        resolve();
      });
    });
  const finishOne = async () => {
    pending.shift()!();
    await new Promise((r) => setImmediate(r)); // let the poller see it finish
  };
  return { check, finishOne, runs: () => pending.length, maxActive: () => maxActive };
}

describe('Poller', () => {
  it('checks at once, then every interval', async () => {
    const clock = new FakeClock();
    const m = manualCheck();
    const p = new Poller(clock, 1000, m.check);
    p.start();
    expect(m.runs()).toBe(1);
    await m.finishOne();
    clock.step(999);
    expect(m.runs()).toBe(0);
    clock.step(1);
    expect(m.runs()).toBe(1);
    await m.finishOne();
    await p.stop();
  });

  it('never overlaps checks: one that comes due during a slow check runs right after it', async () => {
    const clock = new FakeClock();
    const m = manualCheck();
    const p = new Poller(clock, 1000, m.check);
    p.start();
    clock.step(2500); // two ticks come due while the first check is still running
    expect(m.runs()).toBe(1);
    await m.finishOne();
    expect(m.runs()).toBe(1); // the missed ticks collapse into one catch-up check
    await m.finishOne();
    expect(m.maxActive()).toBe(1);
    await p.stop();
  });

  it('keeps polling after a failed check, and stops for good', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const p = new Poller(clock, 1000, () => (calls++, Promise.reject(new Error('boom'))));
    p.start();
    await new Promise((r) => setImmediate(r));
    clock.step(1000);
    expect(calls).toBe(2);
    await p.stop();
    clock.step(5000);
    expect(calls).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });
});
