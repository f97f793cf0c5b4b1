// A pod that fits on no hollow node stays Pending, with a FailedScheduling event naming why; a node that
// fits joins and the pod is scheduled onto it and runs.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Event, Pod } from '../../src/api/types';
import { startSimCluster, type SimCluster } from './cluster';

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ nodes: { count: 2, capacity: { cpu: '1', memory: '2Gi', pods: '110' } } });
});
afterAll(async () => {
  await c?.stop();
});

const wait = { timeout: 20_000, interval: 100 };

describe('a pod that fits nowhere', () => {
  it('stays Pending with a FailedScheduling event naming the reasons; a node that fits schedules it', async () => {
    await vi.waitFor(
      async () => expect((await c.client.list('nodes', undefined)).items).toHaveLength(2),
      wait,
    );
    await c.client.create('pods', 'default', {
      metadata: { name: 'big' },
      spec: {
        containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '2', memory: '1Gi' } } }],
      },
    });
    let message = '';
    await vi.waitFor(async () => {
      const events = (await c.client.list<Event>('events', 'default')).items.filter(
        (e) => e.involvedObject.name === 'big' && e.reason === 'FailedScheduling',
      );
      expect(events).not.toEqual([]);
      message = events[0]!.message ?? '';
    }, wait);
    expect(message).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./);
    const pending = await c.client.get<Pod>('pods', 'default', 'big');
    expect(pending.spec?.nodeName).toBeUndefined();
    expect(pending.status?.phase).toBe('Pending');

    const added = await c.pool.addNode({ cpu: '4' });
    await vi.waitFor(async () => {
      const pod = await c.client.get<Pod>('pods', 'default', 'big');
      expect(pod.spec?.nodeName).toBe(added.name);
      expect(pod.status?.phase).toBe('Running');
    }, wait);
  });
});
