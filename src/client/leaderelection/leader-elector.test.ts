// Two candidates over one fake API and one fake clock: exactly one leads; when the leader stops renewing
// the other takes over within a lease duration plus a retry period; a clean stop hands over at once.
import { afterEach, describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { Endpoints } from '../../api/types';
import { FakeClock } from '../../util';
import { FakeClient } from '../fake';
import { EndpointsLock } from './endpoints-lock';
import { LeaderElector } from './leader-elector';
import { LEADER_ANNOTATION, parseLeaderRecord } from './leader-record';

const flush = () => new Promise((r) => setImmediate(r));

interface Candidate {
  id: string;
  leading: boolean;
  starts: number;
  stops: number;
  abort: AbortController;
  done: Promise<void>;
}

function setup() {
  const clock = new FakeClock();
  const client = new FakeClient({ clock });
  const candidates: Candidate[] = [];
  const start = (id: string, releaseOnCancel = false): Candidate => {
    const c: Candidate = {
      id,
      leading: false,
      starts: 0,
      stops: 0,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    const elector = new LeaderElector({
      lock: new EndpointsLock(client, 'kube-system', 'kube-controller-manager'),
      identity: id,
      clock,
      releaseOnCancel,
      callbacks: {
        onStartedLeading: (signal) => {
          c.leading = true;
          c.starts++;
          signal.addEventListener('abort', () => (c.leading = false));
        },
        onStoppedLeading: () => c.stops++,
      },
    });
    c.done = elector.run(c.abort.signal);
    candidates.push(c);
    return c;
  };
  /** Moves the clock in small steps, letting the fake API answer in between. */
  const advance = async (ms: number, step = 100) => {
    await flush();
    for (let t = 0; t < ms; t += step) {
      clock.step(step);
      await flush();
    }
  };
  const record = () =>
    parseLeaderRecord(
      (client.tracker.get('endpoints', 'kube-system', 'kube-controller-manager') as Endpoints).metadata
        ?.annotations?.[LEADER_ANNOTATION],
    );
  return { clock, client, start, advance, record, candidates };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('LeaderElector', () => {
  it('lets exactly one of two candidates lead, and the leader keeps renewing', async () => {
    const s = setup();
    cleanup = async () => {
      for (const c of s.candidates) c.abort.abort();
      await Promise.all(s.candidates.map((c) => c.done));
    };
    const a = s.start('a');
    await s.advance(0);
    const b = s.start('b');
    await s.advance(60_000);
    expect([a.leading, b.leading]).toEqual([true, false]);
    expect(a.starts).toBe(1);
    expect(s.record()).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: '2026-01-01T00:00:00Z',
      leaderTransitions: 0,
    });
    // Renewed every retry period: the last renewal is at most 2 s old.
    expect(s.clock.now() - Date.parse(s.record()!.renewTime)).toBeLessThanOrEqual(2_000);
  });

  it('the other takes over within lease duration + retry period once the leader stops renewing', async () => {
    const s = setup();
    cleanup = async () => {
      for (const c of s.candidates) c.abort.abort();
      await Promise.all(s.candidates.map((c) => c.done));
    };
    const a = s.start('a');
    await s.advance(0);
    const b = s.start('b');
    await s.advance(10_000);
    // a dies: it stops renewing and does not release (no releaseOnCancel).
    const lastRenew = Date.parse(s.record()!.renewTime);
    a.abort.abort();
    await a.done;
    let tookOverAt: number | undefined;
    for (let t = 0; t < 30_000 && tookOverAt === undefined; t += 100) {
      await s.advance(100);
      if (b.leading) tookOverAt = s.clock.now();
    }
    expect(tookOverAt).toBeDefined();
    expect(tookOverAt! - lastRenew).toBeGreaterThanOrEqual(15_000);
    expect(tookOverAt! - lastRenew).toBeLessThanOrEqual(15_000 + 2_000 + 2_000);
    expect(s.record()).toMatchObject({ holderIdentity: 'b', leaderTransitions: 1 });
    expect([a.stops, b.starts]).toEqual([1, 1]);
  });

  it('releases on a clean stop so the other takes over at its next retry', async () => {
    const s = setup();
    cleanup = async () => {
      for (const c of s.candidates) c.abort.abort();
      await Promise.all(s.candidates.map((c) => c.done));
    };
    const a = s.start('a', true);
    await s.advance(0);
    const b = s.start('b');
    await s.advance(5_000);
    a.abort.abort();
    await a.done;
    expect(s.record()!.holderIdentity).toBe('');
    await s.advance(2_000);
    expect(b.leading).toBe(true);
  });

  it('gives leadership up when it cannot renew within the renew deadline', async () => {
    const s = setup();
    cleanup = async () => {
      for (const c of s.candidates) c.abort.abort();
      await Promise.all(s.candidates.map((c) => c.done));
    };
    const a = s.start('a');
    await s.advance(3_000);
    expect(a.leading).toBe(true);
    s.client.prependReactor('update', 'endpoints', () => ({
      error: errors.unavailable('the apiserver is down'),
    }));
    await s.advance(2_000 + 10_000 + 500);
    expect(a.leading).toBe(false);
    expect(a.stops).toBe(1);
    await a.done; // run() resolved: the caller decides whether to stand again
  });
});
