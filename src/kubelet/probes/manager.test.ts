import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { FakeClock, rfc3339 } from '../../util';
import { ProbeManager } from './manager';
import type { HttpProbeRequest } from './http-request';
import type { ProbeDeps } from './probe';
import { advance } from './testing';

const sec = (s: number) => s * 1000;

function pod(containers: NonNullable<Pod['spec']>['containers']): Pod {
  return Object.freeze({
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
    spec: { containers },
  });
}

/** A manager whose HTTP answers come from `status` (changeable mid-test) and whose exec never returns. */
function setup(podSpec: Pod) {
  const clock = new FakeClock();
  const http = { status: 200, requests: [] as HttpProbeRequest[] };
  const runner: ProbeDeps = {
    exec: () => new Promise(() => {}),
    httpGet: (req) => (http.requests.push(req), Promise.resolve({ statusCode: http.status, body: '' })),
  };
  const manager = new ProbeManager({ clock, runner });
  const log: string[] = [];
  manager.onReadinessChange((uid, c, ready) => log.push(`ready ${uid}/${c}=${ready}`));
  manager.onLivenessFailure((uid, c, message) => log.push(`kill ${uid}/${c}: ${message}`));
  manager.onUnhealthy((uid, c, kind, message) => log.push(`event ${uid}/${c} ${kind}: ${message}`));
  manager.addPod(podSpec, '10.244.0.5');
  const run = (container: string, containerId: string, running = true) =>
    manager.updateContainer('uid-1', container, { containerId, startedAt: rfc3339(clock.now()), running });
  return { clock, http, manager, log, run };
}

describe('ProbeManager', () => {
  it('counts a container without a readiness probe as ready exactly while it runs', () => {
    const { manager, log, run } = setup(pod([{ name: 'app', image: 'busybox' }]));
    expect(manager.readiness('uid-1', 'app')).toBe(false);
    run('app', 'c1');
    expect(manager.readiness('uid-1', 'app')).toBe(true);
    run('app', 'c1', false);
    expect(manager.readiness('uid-1', 'app')).toBe(false);
    expect(log).toEqual(['ready uid-1/app=true', 'ready uid-1/app=false']);
  });

  it('flips readiness true → false → true as the HTTP probe on a named port answers', async () => {
    const readinessProbe = {
      httpGet: { port: 'http', path: '/ready' },
      periodSeconds: 5,
      failureThreshold: 2,
    };
    const spec = pod([
      { name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe },
    ]);
    const { clock, http, manager, log, run } = setup(spec);
    run('app', 'c1');
    expect(manager.readiness('uid-1', 'app')).toBe(false); // until the first success
    await advance(clock, 100);
    expect(manager.readiness('uid-1', 'app')).toBe(true);
    expect(http.requests[0]).toMatchObject({ host: '10.244.0.5', port: 8080, path: '/ready' });

    http.status = 503;
    await advance(clock, sec(10));
    expect(manager.readiness('uid-1', 'app')).toBe(false);
    http.status = 200;
    await advance(clock, sec(5));
    expect(manager.readiness('uid-1', 'app')).toBe(true);
    expect(log).toEqual([
      'ready uid-1/app=true',
      'event uid-1/app readiness: Readiness probe failed: HTTP probe failed with statuscode: 503',
      'event uid-1/app readiness: Readiness probe failed: HTTP probe failed with statuscode: 503',
      'ready uid-1/app=false',
      'ready uid-1/app=true',
    ]);
  });

  it('reports a liveness failure after three failed probes, and probes the restarted container afresh', async () => {
    const livenessProbe = {
      httpGet: { port: 8080, path: '/healthz' },
      initialDelaySeconds: 3,
      periodSeconds: 3,
    };
    const { clock, http, log, run } = setup(pod([{ name: 'app', image: 'nginx', livenessProbe }]));
    http.status = 500;
    run('app', 'c1');
    await advance(clock, sec(3 + 6));
    const failed = 'Liveness probe failed: HTTP probe failed with statuscode: 500';
    expect(log).toEqual([
      'ready uid-1/app=true',
      `event uid-1/app liveness: ${failed}`,
      `event uid-1/app liveness: ${failed}`,
      `event uid-1/app liveness: ${failed}`,
      `kill uid-1/app: ${failed}`,
    ]);
    log.length = 0;
    run('app', 'c1', false); // the kubelet killed it
    run('app', 'c2'); // and started the next attempt
    await advance(clock, sec(3 + 6));
    expect(log.filter((l) => l.startsWith('kill'))).toEqual([`kill uid-1/app: ${failed}`]);
    expect(http.requests.length).toBe(6);
  });

  it('fails an exec probe that never returns after timeoutSeconds, and kills after the threshold', async () => {
    const livenessProbe = {
      exec: { command: ['check'] },
      timeoutSeconds: 2,
      periodSeconds: 10,
      failureThreshold: 1,
    };
    const { clock, log, run } = setup(pod([{ name: 'app', image: 'busybox', livenessProbe }]));
    run('app', 'c1');
    await advance(clock, sec(1.9));
    expect(log).toEqual(['ready uid-1/app=true']);
    await advance(clock, sec(0.1));
    expect(log.slice(1)).toEqual([
      'event uid-1/app liveness: Liveness probe failed: command "check" timed out',
      'kill uid-1/app: Liveness probe failed: command "check" timed out',
    ]);
  });

  it('probes each container of a pod separately', async () => {
    const readinessProbe = { httpGet: { port: 80 }, periodSeconds: 1 };
    const spec = pod([
      { name: 'a', image: 'nginx', readinessProbe },
      { name: 'b', image: 'nginx' },
    ]);
    const { clock, manager, run } = setup(spec);
    run('b', 'cb');
    await advance(clock, sec(2));
    expect([manager.readiness('uid-1', 'a'), manager.readiness('uid-1', 'b')]).toEqual([false, true]);
    run('a', 'ca');
    await advance(clock, 100);
    expect(manager.readiness('uid-1', 'a')).toBe(true);
  });

  it('moves probes to a new pod IP when the pod is added again', async () => {
    const readinessProbe = { httpGet: { port: 80 }, periodSeconds: 1 };
    const spec = pod([{ name: 'a', image: 'nginx', readinessProbe }]);
    const { clock, http, manager, run } = setup(spec);
    run('a', 'c1');
    await advance(clock, 100);
    manager.addPod(spec, '10.244.0.9');
    await advance(clock, sec(1));
    expect(http.requests.map((r) => r.host)).toEqual(['10.244.0.5', '10.244.0.9']);
  });

  it('stops probing a removed pod and forgets it', async () => {
    const readinessProbe = { httpGet: { port: 80 }, periodSeconds: 1 };
    const { clock, http, manager, run } = setup(pod([{ name: 'a', image: 'nginx', readinessProbe }]));
    run('a', 'c1');
    await advance(clock, 100);
    manager.removePod('uid-1');
    await advance(clock, sec(5));
    expect(http.requests.length).toBe(1);
    expect(manager.readiness('uid-1', 'a')).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stop() ends every worker and unsubscribed listeners hear nothing', async () => {
    const readinessProbe = { httpGet: { port: 80 }, periodSeconds: 1 };
    const { clock, manager, run } = setup(pod([{ name: 'a', image: 'nginx', readinessProbe }]));
    const heard: boolean[] = [];
    const unsubscribe = manager.onReadinessChange((_u, _c, ready) => heard.push(ready));
    unsubscribe();
    run('a', 'c1');
    await advance(clock, 100);
    expect(heard).toEqual([]);
    manager.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
