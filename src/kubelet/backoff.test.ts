import { describe, expect, it } from 'vitest';
import { FakeClock } from '../util';
import { RestartBackoff, formatDelay } from './backoff';

describe('RestartBackoff', () => {
  it('restarts the first crash at once, then holds 10s, 20s, 40s ... up to 5m', () => {
    const clock = new FakeClock();
    const b = new RestartBackoff(clock);
    expect(b.check('p/c', clock.now())).toEqual({ hold: false });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const crashed = clock.now();
      const d = b.check('p/c', crashed);
      if (!d.hold) throw new Error('expected a hold');
      delays.push(d.delayMs);
      clock.step(d.delayMs - 1);
      expect(b.check('p/c', crashed).hold).toBe(true);
      clock.step(1);
      expect(b.check('p/c', crashed)).toEqual({ hold: false });
    }
    expect(delays.map(formatDelay)).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
  });

  it('prints sub-second delays (a configured base below 1s) in milliseconds, as Go does', () => {
    expect([500, 999, 1000].map(formatDelay)).toEqual(['500ms', '999ms', '1s']);
  });

  it('starts over after a container ran for more than 10 minutes', () => {
    const clock = new FakeClock();
    const b = new RestartBackoff(clock);
    b.check('p/c', clock.now());
    clock.step(10_000);
    b.check('p/c', clock.now() - 10_000); // second crash, restarted after 10s: next delay 20s
    clock.step(11 * 60_000);
    expect(b.check('p/c', clock.now())).toEqual({ hold: false });
    expect(b.check('p/c', clock.now())).toMatchObject({ hold: true, delayMs: 10_000 });
  });

  it('forgets a pod', () => {
    const clock = new FakeClock();
    const b = new RestartBackoff(clock);
    b.check('a/x', 0);
    b.check('ab/x', 0);
    b.forgetPrefix('a/');
    expect(b.size).toBe(1);
  });
});
