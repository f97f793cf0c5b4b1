import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '../../api/types';
import { FakeClient } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { fallbackPodCidr, hollowNodeIp } from './addresses';
import { BOUND_PODS, HOLLOW_RESYNC_MS, HollowNodePool } from './hollow-node-pool';

const settle = async () => {
  for (let i = 0; i < 40; i++) await new Promise((r) => setImmediate(r));
};

function boundPod(name: string, node: string): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      nodeName: node,
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'main', image: 'busybox' }],
    },
  };
}

let pool: HollowNodePool | undefined;
afterEach(async () => {
  await pool?.stop();
  pool = undefined;
});

async function startPool(count: number, objects: [string, KubeObject][] = [], podStartupMs = 0) {
  const clock = new FakeClock();
  const client = new FakeClient({ clock, ids: sequentialIds('api-'), objects });
  pool = new HollowNodePool({ client, count, clock, podStartupMs, statusIntervalMs: 10_000 });
  await pool.start();
  await settle();
  return { client, clock, pool };
}

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('HollowNodePool', () => {
  it('registers N nodes with the pool capacity, made-up addresses and Ready', async () => {
    const { client } = await startPool(3);
    const nodes = (await client.list<Node>('nodes', undefined)).items;
    expect(nodes.map((n) => n.metadata?.name).sort()).toEqual([
      'hollow-node-0',
      'hollow-node-1',
      'hollow-node-2',
    ]);
    const n1 = nodes.find((n) => n.metadata?.name === 'hollow-node-1')!;
    expect(n1.status?.capacity).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(n1.status?.addresses).toContainEqual({ type: 'InternalIP', address: '10.254.0.3' });
    expect(n1.spec?.podCIDR).toBeUndefined(); // left for the controller to assign
    expect(nodes.map(ready)).toEqual(['True', 'True', 'True']);
  });

  it('runs a bound pod after the startup latency: Running, with an IP of the range the API assigned', async () => {
    const node: Node = { metadata: { name: 'hollow-node-0' }, spec: { podCIDR: '10.244.7.0/24' } };
    const { client, clock } = await startPool(2, [['nodes', node as KubeObject]], 500);
    await client.create('pods', 'default', boundPod('web', 'hollow-node-0'));
    await client.create('pods', 'default', boundPod('db', 'hollow-node-1'));
    await settle();
    expect((await client.get<Pod>('pods', 'default', 'web')).status?.phase).not.toBe('Running');
    clock.step(500);
    await settle();
    clock.step(2000); // the resync notices the containers run
    await settle();
    const web = (await client.get<Pod>('pods', 'default', 'web')).status!;
    expect(web).toMatchObject({ phase: 'Running', hostIP: '10.254.0.2' });
    expect(web.podIP).toMatch(/^10\.244\.7\.\d+$/);
    const db = (await client.get<Pod>('pods', 'default', 'db')).status!;
    expect(db).toMatchObject({ phase: 'Running', hostIP: '10.254.0.3' });
    expect(db.podIP).toMatch(/^10\.128\.1\.\d+$/); // no range in the API: the made-up one
  });

  it('re-syncs pods that start at once every 10 s (kubemark), not every 2 s: a crashed container restarts then', async () => {
    const { client, clock, pool } = await startPool(1);
    await client.create('pods', 'default', boundPod('web', 'hollow-node-0'));
    await settle();
    const restarts = async () =>
      (await client.get<Pod>('pods', 'default', 'web')).status?.containerStatuses?.[0]?.restartCount;
    expect(await restarts()).toBe(0);
    pool.nodes()[0]!.runtime.exitContainer('uid-web', 'main', 1);
    clock.step(2000);
    await settle();
    expect(await restarts()).toBe(0);
    clock.step(HOLLOW_RESYNC_MS - 2000);
    await settle();
    expect(await restarts()).toBe(1);
  });

  it('runs a pod bound after it was created (as the scheduler binds), watching bound pods only', async () => {
    const { client } = await startPool(2);
    const pending = boundPod('web', 'hollow-node-1');
    delete pending.spec!.nodeName;
    await client.create('pods', 'default', pending);
    await settle();
    const created = await client.get<Pod>('pods', 'default', 'web');
    expect(created.status?.phase).toBeUndefined();
    await client.update('pods', 'default', {
      ...created,
      spec: { ...created.spec!, nodeName: 'hollow-node-1' },
    });
    await settle();
    expect((await client.get<Pod>('pods', 'default', 'web')).status).toMatchObject({
      phase: 'Running',
      hostIP: '10.254.0.3',
    });
    const podWatches = client.actions.filter((a) => a.resource === 'pods' && a.verb === 'watch');
    expect(podWatches.map((a) => a.fieldSelector)).toEqual([BOUND_PODS]);
  });

  it('honours graceful deletion: the pod is killed with its grace period, then removed from the API', async () => {
    const { client, pool } = await startPool(1);
    await client.create('pods', 'default', boundPod('web', 'hollow-node-0'));
    await settle();
    // What the apiserver does on a graceful delete (the FakeClient deletes at once): mark the pod.
    const pod = await client.get<Pod>('pods', 'default', 'web');
    const marked = { deletionTimestamp: '2026-01-01T00:00:07Z', deletionGracePeriodSeconds: 7 };
    await client.update('pods', 'default', { ...pod, metadata: { ...pod.metadata, ...marked } });
    await settle();
    expect(pool.nodes()[0]!.runtime.kills).toEqual([
      { podUid: 'uid-web', gracePeriodSeconds: 7, forced: false },
    ]);
    await expect(client.get('pods', 'default', 'web')).rejects.toMatchObject({ code: 404 });
  });

  it('pauseHeartbeats stops status updates of the named nodes only; resume brings them back', async () => {
    const { client, clock, pool } = await startPool(2);
    const beats = (name: string) =>
      client.actions.filter((a) => a.resource === 'nodes' && a.subresource === 'status' && a.name === name)
        .length;
    pool.pauseHeartbeats(['hollow-node-1']);
    const before = [beats('hollow-node-0'), beats('hollow-node-1')];
    clock.step(10_000);
    await settle();
    clock.step(10_000);
    await settle();
    expect(beats('hollow-node-0')).toBe(before[0]! + 2);
    expect(beats('hollow-node-1')).toBe(before[1]);
    pool.resumeHeartbeats(['hollow-node-1']);
    await settle();
    expect(beats('hollow-node-1')).toBe(before[1]! + 1);
    expect(() => pool.pauseHeartbeats(['nope'])).toThrow('no hollow node named "nope" in this pool');
  });
});

describe('hollow addresses', () => {
  it('gives each node its own IP and fallback /24', () => {
    expect([0, 1, 249, 250].map(hollowNodeIp)).toEqual([
      '10.254.0.2',
      '10.254.0.3',
      '10.254.0.251',
      '10.254.1.2',
    ]);
    expect([0, 1, 256].map(fallbackPodCidr)).toEqual(['10.128.0.0/24', '10.128.1.0/24', '10.129.0.0/24']);
  });
});
