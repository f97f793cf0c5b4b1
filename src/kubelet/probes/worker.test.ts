import { describe, expect, it } from 'vitest';
import { FakeClock, rfc3339 } from '../../util';
import type { Probe, ProbeKind, ProbeOutcome } from './probe-types';
import { advance, scripted } from './testing';
import { ProbeWorker } from './worker';

const target = { podIp: '10.244.0.5', uid: 'uid-1', container: 'web' };

function setup(kind: ProbeKind, probe: Probe, run: (clock: FakeClock) => Promise<ProbeOutcome>) {
  const clock = new FakeClock();
  const changes: [boolean, string][] = [];
  const unhealthy: string[] = [];
  const worker = new ProbeWorker({
    clock,
    kind,
    probe,
    target,
    run: () => run(clock),
    onChange: (value, message) => changes.push([value, message]),
    onUnhealthy: (message) => unhealthy.push(message),
  });
  const start = (containerId = 'c1') =>
    worker.update({ containerId, startedAt: rfc3339(clock.now()), running: true });
  return { clock, worker, changes, unhealthy, start };
}

const sec = (s: number) => s * 1000;

describe('ProbeWorker timing', () => {
  it('waits initialDelaySeconds after the container started, then probes every periodSeconds', async () => {
    const script = scripted('success');
    const { clock, start } = setup('readiness', { initialDelaySeconds: 5, periodSeconds: 7 }, (c) =>
      script.run(c),
    );
    const t0 = clock.now();
    start();
    await advance(clock, sec(4.9));
    expect(script.times).toEqual([]);
    await advance(clock, sec(20));
    expect(script.times.map((t) => t - t0)).toEqual([sec(5), sec(12), sec(19)]);
  });

  it('counts the initial delay from startedAt, not from when it was told', async () => {
    const script = scripted('success');
    const { clock, worker } = setup('readiness', { initialDelaySeconds: 5 }, (c) => script.run(c));
    const t0 = clock.now();
    worker.update({ containerId: 'c1', startedAt: rfc3339(t0 - sec(3)), running: true });
    await advance(clock, sec(2));
    expect(script.times.map((t) => t - t0)).toEqual([sec(2)]);
  });

  it('defaults periodSeconds to 10', async () => {
    const script = scripted('success');
    const { clock, start } = setup('liveness', {}, (c) => script.run(c));
    const t0 = clock.now();
    start();
    await advance(clock, sec(25));
    expect(script.times.map((t) => t - t0)).toEqual([0, sec(10), sec(20)]);
  });

  it('never overlaps runs: a run slower than the period delays the next one', async () => {
    const finish: (() => void)[] = [];
    const times: number[] = [];
    const { clock, start } = setup('readiness', { periodSeconds: 1 }, (c) => {
      times.push(c.now());
      return new Promise((resolve) => finish.push(() => resolve({ result: 'success', message: '' })));
    });
    start();
    await advance(clock, sec(3.5));
    expect(times.length).toBe(1);
    finish.shift()!();
    await advance(clock, 100);
    expect(times.length).toBe(2);
  });

  it('does not probe a container that is not running, and forgets a run in flight when it stops', async () => {
    let finish: (() => void) | undefined;
    const { clock, worker, changes, start } = setup('readiness', { periodSeconds: 1 }, () => {
      return new Promise((resolve) => (finish = () => resolve({ result: 'success', message: '' })));
    });
    start();
    await advance(clock, 100);
    worker.update({ containerId: 'c1', running: false, startedAt: rfc3339(clock.now()) });
    finish!();
    await advance(clock, sec(5));
    expect(worker.result).toBe(false);
    expect(changes).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('ProbeWorker thresholds', () => {
  it('readiness starts false and flips true → false → true with the default thresholds', async () => {
    const script = scripted('success', 'failure', 'failure', 'failure', 'success');
    const { clock, worker, changes, unhealthy, start } = setup('readiness', { periodSeconds: 1 }, (c) =>
      script.run(c),
    );
    expect(worker.result).toBe(false);
    start();
    await advance(clock, 100);
    expect(worker.result).toBe(true); // one success is enough (successThreshold 1)
    await advance(clock, sec(2));
    expect(worker.result).toBe(true); // two failures are not (failureThreshold 3)
    await advance(clock, sec(1));
    expect(worker.result).toBe(false);
    await advance(clock, sec(1));
    expect(changes).toEqual([
      [true, ''],
      [false, 'Readiness probe failed: HTTP probe failed with statuscode: 500'],
      [true, ''],
    ]);
    expect(unhealthy).toEqual(
      Array(3).fill('Readiness probe failed: HTTP probe failed with statuscode: 500'),
    );
  });

  it('needs successThreshold successes in a row; a failure in between starts the count again', async () => {
    const script = scripted('success', 'failure', 'success', 'success');
    const probe = { periodSeconds: 1, successThreshold: 2 };
    const { clock, worker, start } = setup('readiness', probe, (c) => script.run(c));
    start();
    await advance(clock, sec(2.5)); // success, failure, success
    expect(worker.result).toBe(false);
    await advance(clock, sec(1));
    expect(worker.result).toBe(true);
  });

  it('liveness starts true, fails once after failureThreshold failures, then holds until a restart', async () => {
    const script = scripted('failure');
    const probe = { periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 15 };
    const { clock, worker, changes, start } = setup('liveness', probe, (c) => script.run(c));
    expect(worker.result).toBe(true);
    start('c1');
    await advance(clock, sec(15 + 20));
    expect(changes).toEqual([[false, 'Liveness probe failed: HTTP probe failed with statuscode: 500']]);
    await advance(clock, sec(60));
    expect(script.times.length).toBe(3); // no probing while the kubelet kills the container
    expect(changes.length).toBe(1);

    start('c2'); // the restarted container: a fresh count after a fresh initial delay
    expect(worker.result).toBe(true);
    const restarted = clock.now();
    await advance(clock, sec(15 + 20));
    expect(script.times.slice(3).map((t) => t - restarted)).toEqual([sec(15), sec(25), sec(35)]);
    expect(changes.map(([v]) => v)).toEqual([false, true, false]);
  });

  it('treats a new start time of the same container id as a restart', async () => {
    const script = scripted('success', 'failure');
    const { clock, worker, start } = setup('readiness', { periodSeconds: 1 }, (c) => script.run(c));
    start('c1');
    await advance(clock, 100);
    expect(worker.result).toBe(true);
    await advance(clock, sec(1));
    start('c1'); // docker restart keeps the id; startedAt moved on
    expect(worker.result).toBe(false);
  });

  it('stops for good', async () => {
    const script = scripted('success');
    const { clock, worker, start } = setup('readiness', { periodSeconds: 1 }, (c) => script.run(c));
    start();
    await advance(clock, sec(1.5));
    worker.stop();
    start('c2');
    await advance(clock, sec(5));
    expect(script.times.length).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });
});
