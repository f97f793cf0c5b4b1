// The kubelet acting on probes (FakeRuntime, FakeClock, a real ProbeManager whose exec goes to the fake
// runtime): a failed liveness probe kills and restarts the container with Unhealthy and Killing events; a
// readiness probe drives the pod's Ready condition; the crash-loop back-off base is configurable.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import type { Clock } from '../util';
import { apiPod, startHarness, type Harness } from './kubelet-testing';
import { ProbeManager, runtimeProbeDeps } from './probes';
import type { ExecResult } from './runtime';

const UID = '33333333-3333-4333-8333-333333333333';

/** Files that exist in the (fake) containers: `cat <file>` succeeds while the file is here. */
const files = new Set<string>();
const cat = (cmd: readonly string[]): ExecResult =>
  cmd[0] === 'cat' && files.has(cmd[1]!)
    ? { stdout: 'ok', stderr: '', exitCode: 0 }
    : { stdout: '', stderr: `cat: can't open '${cmd[1]}': No such file or directory`, exitCode: 1 };

/** A harness whose kubelet has a ProbeManager on the harness' FakeClock (created inside startHarness). */
async function probed(pod: Pod): Promise<Harness> {
  // The harness makes its clock and runtime; the ProbeManager must exist before them, so it reaches them here.
  const made: { h?: Harness } = {};
  const clock: Clock = {
    now: () => made.h!.clock.now(),
    setTimeout: (fn, ms) => made.h!.clock.setTimeout(fn, ms),
  };
  const probes = new ProbeManager({
    clock,
    runner: runtimeProbeDeps({ exec: (uid, c, cmd) => made.h!.runtime.exec(uid, c, cmd) }),
  });
  made.h = await startHarness({
    runtime: { execHandler: (_uid, _c, cmd) => cat(cmd) },
    kubelet: { probes },
  });
  await made.h.client.create('pods', 'default', pod);
  await made.h.settle();
  return made.h;
}

async function podEvents(h: Harness): Promise<Event[]> {
  const all = (await h.client.list<Event>('events', 'default')).items;
  return all.filter((e) => e.involvedObject.kind === 'Pod');
}

/** Steps the clock in 100 ms slices, settling after each, so probe runs that finish schedule the next on time. */
async function run(h: Harness, ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 100) await h.step(Math.min(100, ms - done));
}

const main = async (h: Harness) => (await h.pod('web')).status!.containerStatuses![0]!;

function withProbe(kind: 'livenessProbe' | 'readinessProbe', file: string, restartPolicy = 'Always'): Pod {
  return apiPod('web', UID, {
    restartPolicy,
    containers: [
      {
        name: 'main',
        image: 'busybox',
        [kind]: { exec: { command: ['cat', file] }, periodSeconds: 1, failureThreshold: 2 },
      },
    ],
  });
}

describe('Kubelet with probes', () => {
  beforeEach(() => files.clear());

  it('kills a container whose liveness probe fails and restarts it, with Unhealthy and Killing events', async () => {
    files.add('/tmp/healthy');
    const h = await probed(withProbe('livenessProbe', '/tmp/healthy'));
    await run(h, 3000);
    expect(await main(h)).toMatchObject({ restartCount: 0, state: { running: {} } });

    files.delete('/tmp/healthy');
    await run(h, 1000); // first failure: below the threshold
    expect(h.runtime.containerKills).toEqual([]);
    await run(h, 1000); // second failure: killed with the pod's grace period, then restarted
    files.add('/tmp/healthy');
    await run(h, 100);
    expect(h.runtime.containerKills).toEqual([
      {
        podUid: UID,
        container: 'main',
        gracePeriodSeconds: 30,
        reason: 'Container main failed liveness probe, will be restarted',
        forced: false,
      },
    ]);
    const restarted = await main(h);
    expect(restarted).toMatchObject({
      restartCount: 1,
      state: { running: {} },
      lastState: { terminated: { exitCode: 143, reason: 'Error' } },
    });

    const events = await podEvents(h);
    const unhealthy = events.find((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toMatchObject({
      type: 'Warning',
      involvedObject: { fieldPath: 'spec.containers{main}' },
      message: expect.stringMatching(/^Liveness probe failed: cat: can't open/),
    });
    expect(events.filter((e) => e.reason === 'Killing')).toMatchObject([
      { type: 'Normal', message: 'Container main failed liveness probe, will be restarted' },
    ]);

    // the new attempt is probed afresh and, healthy, is left alone
    await run(h, 5000);
    expect(h.runtime.containerKills).toHaveLength(1);
    expect((await main(h)).restartCount).toBe(1);
  });

  it('does not restart a container killed for liveness under restartPolicy Never', async () => {
    const h = await probed(withProbe('livenessProbe', '/tmp/healthy', 'Never'));
    await run(h, 2000);
    await run(h, 1000);
    expect(h.runtime.containerKills).toHaveLength(1);
    const status = (await h.pod('web')).status!;
    expect(status.phase).toBe('Failed');
    expect(status.containerStatuses![0]).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 143 } },
    });
  });

  it('flips the pod Ready condition with the readiness probe', async () => {
    const h = await probed(withProbe('readinessProbe', '/tmp/ready'));
    const ready = async () =>
      (await h.pod('web')).status!.conditions!.find((c) => c.type === 'Ready')!.status;
    await run(h, 1000);
    expect(await ready()).toBe('False');
    files.add('/tmp/ready');
    await run(h, 1000);
    expect(await ready()).toBe('True');
    expect((await main(h)).ready).toBe(true);
    files.delete('/tmp/ready');
    await run(h, 1000);
    expect(await ready()).toBe('True'); // one failure is below the threshold
    await run(h, 1000);
    expect(await ready()).toBe('False');
    expect(h.runtime.containerKills).toEqual([]); // readiness never restarts anything
    expect((await main(h)).restartCount).toBe(0);
  });
});

describe('Kubelet crash-loop back-off base', () => {
  it('starts the back-off at backoffBaseMs and doubles it', async () => {
    const h = await startHarness({ kubelet: { backoffBaseMs: 2000, resyncIntervalMs: 1000 } });
    await h.client.create('pods', 'default', apiPod('web', UID));
    await h.settle();
    const crash = () => h.runtime.exitContainer(UID, 'main', 1);
    crash();
    await run(h, 1000); // the first restart is immediate
    expect((await main(h)).restartCount).toBe(1);
    crash();
    await run(h, 1000);
    expect((await main(h)).state!.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 2s restarting failed container=main pod=web_default(${UID})`,
    });
    await run(h, 1000);
    expect((await main(h)).restartCount).toBe(2);
    crash();
    await run(h, 3900);
    expect((await main(h)).restartCount).toBe(2); // now 4 s
    await run(h, 200);
    expect((await main(h)).restartCount).toBe(3);
  });
});
