// The 2014 kubecfg verbs on a whole in-process cluster (apiserver, controller-manager, scheduler, two hollow
// nodes): kubecfg's tables, v1beta1 config files, run / resize / stop through the replication controller, and
// rollingupdate replacing every pod one by one with Running replacements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod, ReplicationController } from '../../src/api/types';
import { livePods, running, startSimCluster, type SimCluster } from '../cluster-sim/cluster';
import { runCli } from './harness';

let c: SimCluster;
let s: string[];
const kubecfg = (...args: string[]) => runCli(['kubecfg', ...args, ...s]);

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  c = await startSimCluster({ nodes: { count: 2, statusIntervalMs: 1000, resyncIntervalMs: 200 } });
  s = ['-s', c.ts.url];
}, 60_000);
afterAll(() => c.stop(), 30_000);

describe('kubecfg', () => {
  it('creates a pod from the seed’s v1beta1 config and lists it in kubecfg’s table', async () => {
    const file = c.ts.file(
      'redis-master.json',
      JSON.stringify({
        id: 'redis-master-2',
        kind: 'Pod',
        apiVersion: 'v1beta1',
        desiredState: {
          manifest: {
            version: 'v1beta1',
            id: 'redis-master-2',
            containers: [
              { name: 'master', image: 'dockerfile/redis', ports: [{ containerPort: 6379, hostPort: 6379 }] },
            ],
          },
        },
        labels: { name: 'redis-master' },
      }),
    );
    const made = await kubecfg('create', 'pods', '-c', file);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^ID {18}Image\(s\) {12}Host {16}Labels {14}Status\n(-{10} {10}){4}-{10}\n/);
    expect(made.stdout).toMatch(/\nredis-master-2 +dockerfile\/redis +\S+ +name=redis-master +Pending\n$/);
    await until(
      'the pod to run',
      async () => running(await livePods(c.client, 'name=redis-master')).length === 1,
    );
    const list = await kubecfg('list', 'pods');
    expect(list.stdout).toMatch(
      /\nredis-master-2 +dockerfile\/redis +hollow-node-\d\/\S+ +name=redis-master +Running\n/,
    );
    const one = JSON.parse((await kubecfg('get', 'pods/redis-master-2', '--json')).stdout) as Pod;
    expect(one.spec?.containers[0]?.ports?.[0]).toMatchObject({ containerPort: 6379, hostPort: 6379 });
    expect((await kubecfg('delete', 'pods/redis-master-2')).stdout).toBe('Deleted pods/redis-master-2\n');
    expect(await kubecfg('get', 'pods', 'nope')).toMatchObject({
      code: 1,
      stderr: 'error: pods "nope" not found in namespace "default"\n',
    });
  });

  it('runs an RC labelled name=NAME, resizes it and updates it from a file', async () => {
    // Two nodes, so two pods with host port 8080 fit.
    const r = await kubecfg('run', 'nginx', '2', 'web', '-p', '8080:80');
    expect(r.stdout).toMatch(/^ID +Image\(s\) +Selector +Replicas\n/);
    expect(r.stdout).toMatch(/\nweb +nginx +name=web +2\n$/);
    await until('2 running pods', async () => running(await livePods(c.client, 'name=web')).length === 2);
    const pod = (await livePods(c.client, 'name=web'))[0]!;
    expect(pod.spec?.containers[0]).toMatchObject({
      name: 'web',
      image: 'nginx',
      ports: [{ hostPort: 8080, containerPort: 80 }],
    });
    expect((await kubecfg('resize', 'web', '1')).stdout).toBe('Resized replicationController web to 1\n');
    await until('1 pod', async () => (await livePods(c.client, 'name=web')).length === 1);
    const rc = await c.client.get<ReplicationController>('replicationcontrollers', 'default', 'web');
    const file = c.ts.file(
      'web.yaml',
      JSON.stringify({ ...rc, metadata: { name: 'web' }, spec: { ...rc.spec, replicas: 0 } }),
    );
    expect((await kubecfg('update', 'replicationControllers/web', '-c', file)).stdout).toMatch(
      /\nweb +nginx +name=web +0\n$/,
    );
    expect((await kubecfg('list', 'replicationControllers')).stdout).toMatch(/\nweb +nginx +name=web +0\n/);
  });

  it('stop scales to 0, waits for the pods to go, then deletes the RC', async () => {
    await kubecfg('run', 'busybox', '2', 'stopme');
    await until('2 running pods', async () => running(await livePods(c.client, 'name=stopme')).length === 2);
    const r = await kubecfg('stop', 'stopme');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'resized stopme to 0; waiting for its pods to stop\nDeleted replicationController stopme\n',
    );
    expect(await livePods(c.client, 'name=stopme')).toEqual([]);
    await expect(c.client.get('replicationcontrollers', 'default', 'stopme')).rejects.toMatchObject({
      code: 404,
    });
  });

  it('rollingupdate replaces every pod, one at a time, with the new image', async () => {
    await kubecfg('run', 'nginx:1.0', '3', 'roll');
    await until('3 running pods', async () => running(await livePods(c.client, 'name=roll')).length === 3);
    const before = new Set((await livePods(c.client, 'name=roll')).map((p) => p.metadata!.name!));
    const r = await kubecfg('rollingupdate', 'roll', '-u', '100ms', '--image', 'nginx:2.0');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Setting the image of roll to nginx:2.0');
    expect(lines.filter((l) => /^Updating pod roll-\S+ \(\d\/3\)$/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toBe('Update of roll done: 3 pods replaced');
    // One at a time: each pod is replaced before the next one is touched.
    const steps = lines.slice(1, -1).map((l) => l.replace(/^(Updating pod|Pod) (\S+).*$/, '$1 $2'));
    const order = [...before].sort();
    expect(steps).toEqual(order.flatMap((n) => [`Updating pod ${n}`, `Pod ${n}`]));
    const after = await livePods(c.client, 'name=roll');
    expect(running(after)).toHaveLength(3);
    for (const p of after) {
      expect(before.has(p.metadata!.name!)).toBe(false);
      expect(p.spec?.containers[0]?.image).toBe('nginx:2.0');
    }
  });

  it('explains bad arguments in one line', async () => {
    expect(await kubecfg('run', 'nginx', 'three', 'x')).toMatchObject({
      code: 1,
      stderr: 'error: replicas must be a whole number >= 0, not "three"\n',
    });
    expect((await kubecfg('create', 'pods')).stderr).toBe(
      'error: kubecfg create needs a config file: -c FILE\n',
    );
    expect((await kubecfg('rollingupdate', 'roll', '-u', 'soon')).stderr).toMatch(
      /^error: invalid --update-period "soon"/,
    );
  });
});
