import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/types';
import { DeletedFinalStateUnknown } from '../client';
import { FakeClock } from '../util';
import { SchedulerCache } from './cache';
import { nodeEventHandler, podEventHandler, schedulingPropertiesChanged } from './event-handlers';
import { SchedulingQueue } from './scheduling-queue';
import { makeNode, makePod } from './test-fixtures';

function setup() {
  const clock = new FakeClock();
  const cache = new SchedulerCache({ clock });
  const queue = new SchedulingQueue({ clock });
  const deps = { cache, queue, schedulerName: 'default-scheduler' };
  return { clock, cache, queue, pods: podEventHandler(deps), nodes: nodeEventHandler(deps) };
}

async function park(queue: SchedulingQueue, clock: FakeClock, pod: Pod) {
  queue.addOrUpdate(pod);
  queue.addUnschedulable((await queue.pop())!);
  clock.step(10_000); // past any back-off
}

describe('scheduler event handlers', () => {
  it('queues pending pods and counts bound ones, never both', () => {
    const { cache, queue, pods } = setup();
    const pending = makePod('pending');
    pods.onAdd!(pending);
    pods.onAdd!(makePod('bound', { nodeName: 'n1', cpu: '1' }));
    pods.onAdd!(makePod('done', { phase: 'Succeeded' }));
    expect(queue.counts().active).toBe(1);
    expect(cache.nodeInfo('n1')?.requested.milliCpu).toBe(1000);
    pods.onUpdate!(pending, { ...pending, spec: { ...pending.spec!, nodeName: 'n2' } });
    expect(queue.counts().active).toBe(0);
    expect(cache.nodeInfo('n2')?.podCount).toBe(1);
  });

  it('does not queue again a pod whose binding is in flight', () => {
    const { cache, queue, pods } = setup();
    const pod = makePod('p');
    cache.assumePod(pod, 'n1');
    pods.onUpdate!(pod, { ...pod, status: { phase: 'Pending', conditions: [] } });
    expect(queue.counts().active).toBe(0);
  });

  it('retries parked pods when a pod that held resources goes away or finishes', async () => {
    const { clock, queue, pods } = setup();
    await park(queue, clock, makePod('waiting'));
    pods.onDelete!(makePod('never-bound'));
    expect(queue.counts().unschedulable).toBe(1);
    const bound = makePod('bound', { nodeName: 'n1' });
    pods.onDelete!(new DeletedFinalStateUnknown('default/bound', bound));
    expect(queue.counts()).toEqual({ active: 1, backoff: 0, unschedulable: 0 });

    await park(queue, clock, (await queue.pop())!.pod);
    pods.onUpdate!(bound, { ...bound, status: { phase: 'Failed' } });
    expect(queue.counts().active).toBe(1);
  });

  it('retries parked pods on a new node or a node change scheduling reads, not on a heartbeat', async () => {
    const { clock, cache, queue, nodes } = setup();
    const n1 = makeNode('n1');
    nodes.onAdd!(n1);
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(['n1']);
    await park(queue, clock, makePod('waiting'));
    const heartbeat: Node = {
      ...n1,
      status: { ...n1.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 'later' }] },
    };
    expect(schedulingPropertiesChanged(n1, heartbeat)).toBe(false);
    nodes.onUpdate!(n1, heartbeat);
    expect(queue.counts().unschedulable).toBe(1);
    nodes.onUpdate!(heartbeat, { ...heartbeat, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } });
    expect(queue.counts().active).toBe(1);

    await park(queue, clock, (await queue.pop())!.pod);
    nodes.onAdd!(makeNode('n2'));
    expect(queue.counts().active).toBe(1);
    nodes.onDelete!(makeNode('n2'));
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(['n1']);
  });
});
