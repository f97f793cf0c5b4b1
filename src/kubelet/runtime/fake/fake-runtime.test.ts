import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types';
import { FakeClock } from '../../../util';
import { IpAllocator } from '../../network';
import { ErrImagePull } from '../errors';
import { FakeRuntime } from './fake-runtime';

function pod(uid: string, restartPolicy = 'Always'): Pod {
  return {
    metadata: { name: `p-${uid}`, namespace: 'ns', uid },
    spec: {
      restartPolicy,
      containers: [
        { name: 'app', image: 'busybox' },
        { name: 'side', image: 'busybox' },
      ],
    },
  };
}

describe('FakeRuntime', () => {
  it('runs a pod after the configured start latency, with an IP from the allocator', async () => {
    const clock = new FakeClock();
    const rt = new FakeRuntime({ clock, startLatencyMs: 2000, ips: new IpAllocator('10.244.5.0/24') });
    const first = await rt.syncPod(pod('a'));
    expect(first.podIp).toBe('10.244.5.2');
    expect(first.containers.map((c) => [c.name, c.state, c.reason])).toEqual([
      ['app', 'waiting', 'ContainerCreating'],
      ['side', 'waiting', 'ContainerCreating'],
    ]);
    // a sync during start-up does not start anything twice
    await rt.syncPod(pod('a'));
    clock.step(1999);
    expect((await rt.getPodStatus('a'))!.containers[0]!.state).toBe('waiting');
    clock.step(1);
    const running = (await rt.getPodStatus('a'))!;
    expect(running.containers.map((c) => c.state)).toEqual(['running', 'running']);
    expect(running.containers[0]!.startedAt).toBe('2026-01-01T00:00:02Z');
    expect((await rt.listPods()).map((p) => [p.uid, p.podIp, p.containers.length])).toEqual([
      ['a', '10.244.5.2', 2],
    ]);
  });

  it('restarts per restart policy and respects the kubelet holding a container back', async () => {
    const rt = new FakeRuntime({ clock: new FakeClock() });
    await rt.syncPod(pod('a', 'OnFailure'));
    rt.exitContainer('a', 'app', 0);
    rt.exitContainer('a', 'side', 2);
    const held = await rt.syncPod(pod('a', 'OnFailure'), { holdRestart: new Set(['side']) });
    expect(held.containers.map((c) => [c.name, c.state, c.reason, c.restartCount])).toEqual([
      ['app', 'exited', 'Completed', 0],
      ['side', 'exited', 'Error', 0],
    ]);
    const after = await rt.syncPod(pod('a', 'OnFailure'));
    expect(after.containers.map((c) => [c.name, c.state, c.restartCount])).toEqual([
      ['app', 'exited', 0],
      ['side', 'running', 1],
    ]);
  });

  it('honours the grace period: containers that stop in time exit cleanly, others are killed at its end', async () => {
    const clock = new FakeClock();
    const ips = new IpAllocator('10.244.0.0/24');
    const rt = new FakeRuntime({ clock, stopDelayMs: 5000, ips });
    await rt.syncPod(pod('slow'));
    await rt.syncPod(pod('fast'));
    let done = false;
    const slow = rt.killPod('slow', 2).then(() => (done = true));
    const fast = rt.killPod('fast', 30);
    clock.step(1999);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.step(1);
    await slow;
    clock.step(3000);
    await fast;
    expect(rt.kills).toEqual([
      { podUid: 'slow', gracePeriodSeconds: 2, forced: true },
      { podUid: 'fast', gracePeriodSeconds: 30, forced: false },
    ]);
    expect(await rt.listPods()).toEqual([]);
    expect(ips.list()).toEqual([]);
    await rt.killPod('slow', 0); // idempotent
  });

  it('kills one container within its grace period; the next sync restarts it and it alone', async () => {
    const clock = new FakeClock();
    const rt = new FakeRuntime({ clock, stopDelayMs: 5000 });
    await rt.syncPod(pod('a'));
    const killing = rt.killContainer('a', 'app', 2, 'Container app failed liveness probe');
    clock.step(2000);
    await killing;
    const killed = (await rt.getPodStatus('a'))!.containers;
    expect(killed.map((c) => [c.name, c.state, c.exitCode, c.message])).toEqual([
      ['app', 'exited', 137, 'Container app failed liveness probe'],
      ['side', 'running', undefined, undefined],
    ]);
    expect(rt.containerKills).toEqual([
      {
        podUid: 'a',
        container: 'app',
        gracePeriodSeconds: 2,
        reason: 'Container app failed liveness probe',
        forced: true,
      },
    ]);
    await rt.killContainer('a', 'app', 2); // not running: nothing to do
    expect(rt.containerKills).toHaveLength(1);
    const again = await rt.syncPod(pod('a'));
    expect(again.containers.map((c) => [c.name, c.state, c.restartCount])).toEqual([
      ['app', 'running', 1],
      ['side', 'running', 0],
    ]);
    await expect(rt.killContainer('a', 'nope', 2)).rejects.toMatchObject({ code: 404 });
  });

  it('a container that stops within the grace period exits with SIGTERM', async () => {
    const rt = new FakeRuntime({ clock: new FakeClock() });
    await rt.syncPod(pod('a'));
    await rt.killContainer('a', 'side', 30);
    expect((await rt.getPodStatus('a'))!.containers[1]).toMatchObject({ state: 'exited', exitCode: 143 });
    expect(rt.containerKills[0]).toEqual({
      podUid: 'a',
      container: 'side',
      gracePeriodSeconds: 30,
      forced: false,
    });
  });

  it('reports ErrImagePull for a missing image and still runs the rest', async () => {
    const rt = new FakeRuntime({ clock: new FakeClock(), images: new Set(['busybox']) });
    const p = pod('a');
    p.spec!.containers[1]!.image = 'nope:1';
    await expect(rt.syncPod(p)).rejects.toBeInstanceOf(ErrImagePull);
    const status = (await rt.getPodStatus('a'))!;
    expect(status.containers.map((c) => [c.name, c.state, c.reason])).toEqual([
      ['app', 'running', undefined],
      ['side', 'waiting', 'ErrImagePull'],
    ]);
    await expect(rt.exec('a', 'side', ['true'])).rejects.toMatchObject({ code: 404 });
  });

  it('starts everything again in a new sandbox when the old one dies', async () => {
    const rt = new FakeRuntime({ clock: new FakeClock() });
    await rt.syncPod(pod('a'));
    rt.killSandbox('a');
    expect((await rt.getPodStatus('a'))!.sandboxReady).toBe(false);
    const again = await rt.syncPod(pod('a'));
    expect(again.sandboxReady).toBe(true);
    expect(again.containers.map((c) => [c.state, c.restartCount])).toEqual([
      ['running', 1],
      ['running', 1],
    ]);
  });

  it('answers exec through the configured handler', async () => {
    const rt = new FakeRuntime({
      clock: new FakeClock(),
      execHandler: (_uid, container, cmd) => ({
        stdout: `${container}:${cmd.join(' ')}`,
        stderr: '',
        exitCode: 0,
      }),
    });
    await rt.syncPod(pod('a'));
    expect((await rt.exec('a', 'app', ['echo', 'hi'])).stdout).toBe('app:echo hi');
  });

  it('attaches to a running container until it exits; refuses an exited or unknown one', async () => {
    const rt = new FakeRuntime({ clock: new FakeClock() });
    await rt.syncPod(pod('a', 'Never'));
    const session = await rt.attach('a', 'app', { stdin: true, stdout: true });
    session.stdin!.write('ignored\n');
    const ended = new Promise((r) => session.stdout.on('end', r).resume());
    rt.exitContainer('a', 'app', 0);
    await ended;
    await expect(rt.attach('a', 'app', { stdout: true })).rejects.toMatchObject({
      code: 400,
      message: 'cannot attach to container "app": it is not running (state: exited)',
    });
    await expect(rt.attach('a', 'nope', { stdout: true })).rejects.toMatchObject({ code: 404 });
    expect((await rt.getPodStatus('a'))!.containers[0]).not.toHaveProperty('consoles');
  });
});
