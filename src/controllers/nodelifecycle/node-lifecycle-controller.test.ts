// The node lifecycle loop on a fake clock: range assignment, a node falling silent (Unknown + unreachable
// taints after the grace period, eviction after the timeout) and recovering. The caches are refreshed
// from the fake API between syncs, as the informers would.
import { describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '../../api/types';
import { FakeClient, Indexer, NAMESPACE_INDEX, WorkQueue, namespaceIndexFunc } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { T0, at, makeNode, makePod } from '../testing/fixtures';
import { CidrAllocator } from './cidr-allocator';
import { NODE_NAME_INDEX, NodeLifecycleController, nodeNameIndexFunc } from './node-lifecycle-controller';

function setup(nodes: Node[], pods: Pod[] = []) {
  const clock = new FakeClock(T0);
  const objects: [string, KubeObject][] = [
    ...nodes.map((n): [string, KubeObject] => ['nodes', structuredClone(n) as KubeObject]),
    ...pods.map((p): [string, KubeObject] => ['pods', structuredClone(p) as KubeObject]),
  ];
  const client = new FakeClient({ objects, clock, ids: sequentialIds() });
  const nodeCache = new Indexer<Node>();
  const podCache = new Indexer<Pod>({
    [NAMESPACE_INDEX]: namespaceIndexFunc,
    [NODE_NAME_INDEX]: nodeNameIndexFunc,
  });
  const queue = new WorkQueue<string>({ clock });
  const allocator = CidrAllocator.fromNodes(nodes);
  const controller = new NodeLifecycleController({
    client,
    nodes: nodeCache,
    pods: podCache,
    queue,
    clock,
    allocator,
  });
  /** What the informers would deliver: the API's current objects, each observed by the handler. */
  const refresh = () => {
    for (const key of nodeCache.listKeys()) nodeCache.delete(key);
    for (const key of podCache.listKeys()) podCache.delete(key);
    for (const n of client.tracker.list('nodes', {}).items as Node[]) {
      nodeCache.upsert(n);
      controller.observe(n);
    }
    for (const p of client.tracker.list('pods', {}).items as Pod[]) podCache.upsert(p);
  };
  refresh();
  const step = async (seconds: number) => {
    clock.step(seconds * 1000);
    refresh();
    client.clearActions();
    await controller.sync('n1');
    refresh();
  };
  const writes = () =>
    client
      .writes()
      .map((a) => [a.verb, a.resource + (a.subresource ? `/${a.subresource}` : ''), a.name ?? '']);
  const node = () => client.tracker.get('nodes', undefined, 'n1') as Node;
  return { client, controller, clock, queue, refresh, step, writes, node };
}

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const taintKeys = (n: Node) => (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);

describe('NodeLifecycleController: pod ranges', () => {
  it('gives a node without podCIDR the next free /24 of the cluster range', async () => {
    const s = setup([
      makeNode('n0', { ready: 'True', podCIDR: '10.244.0.0/24' }),
      makeNode('n1', { ready: 'True' }),
    ]);
    await s.step(0);
    expect(s.writes()).toEqual([['patch', 'nodes', 'n1']]);
    expect(s.node().spec).toMatchObject({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    await s.step(1);
    expect(s.writes()).toEqual([]);
  });
});

describe('NodeLifecycleController: heartbeats and eviction', () => {
  const pod = makePod('p1', { nodeName: 'n1', ready: true, ip: '10.244.0.5' });
  const heartbeat = async (s: ReturnType<typeof setup>, seconds: number) => {
    const n = structuredClone(s.node());
    n.status!.conditions = [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        lastHeartbeatTime: at(seconds),
        lastTransitionTime: at(seconds),
      },
    ];
    await s.client.updateStatus('nodes', undefined, n);
  };

  it('a silent node goes Unknown and tainted after the grace period; its pods go after the timeout', async () => {
    const s = setup([makeNode('n1', { ready: 'True', podCIDR: '10.244.0.0/24' })], [pod]);
    await s.step(40);
    expect(s.writes()).toEqual([]); // exactly the grace period: not yet
    expect(s.queue.len()).toBe(0);
    await s.step(1);
    expect(s.writes()).toEqual([
      ['update', 'nodes/status', 'n1'],
      ['patch', 'nodes', 'n1'],
      ['update', 'pods/status', 'p1'],
    ]);
    expect(ready(s.node())).toBe('Unknown');
    expect(taintKeys(s.node())).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    const p1 = s.client.tracker.get('pods', 'default', 'p1') as Pod;
    expect(p1.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    await s.step(299);
    expect(s.writes()).toEqual([]);
    await s.step(1);
    expect(s.writes()).toEqual([['delete', 'pods', 'p1']]);
  });

  it('the taint goes when the node heartbeats again, and its pods stay', async () => {
    const s = setup([makeNode('n1', { ready: 'True', podCIDR: '10.244.0.0/24' })], [pod]);
    await s.step(41);
    expect(ready(s.node())).toBe('Unknown');
    await heartbeat(s, 60);
    await s.step(19);
    expect(s.writes()).toEqual([['patch', 'nodes', 'n1']]);
    expect(taintKeys(s.node())).toEqual([]);
    await s.step(400);
    expect(s.writes().map((w) => w[0])).not.toContain('delete');
  });

  it('each sync schedules the next check for when the grace period would run out', async () => {
    const s = setup([makeNode('n1', { ready: 'True', podCIDR: '10.244.0.0/24' })]);
    await s.controller.sync('n1');
    s.clock.step(40_000);
    expect(s.queue.len()).toBe(0);
    s.clock.step(1);
    expect(await s.queue.get()).toBe('n1');
  });
});
