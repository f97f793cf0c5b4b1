// Hollow nodes that stop heartbeating (short controller-manager timeouts: grace 3 s, eviction 5 s) go
// Unknown; their pods are evicted and the RC replaces them on the healthy nodes, back to its exact count.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplicationController } from '../../src/api/types';
import { livePods, nodeReadiness, perNode, rc, running, startSimCluster, type SimCluster } from './cluster';

const NODES = 20;
const REPLICAS = 200;
const SILENT = 10;

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({
    nodes: { count: NODES, statusIntervalMs: 1000, capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
    controllerManager: { nodeMonitorGracePeriodMs: 3000, podEvictionTimeoutMs: 5000 },
  });
});
afterAll(async () => {
  await c?.stop();
});

describe('hollow nodes that fall silent', () => {
  it('go Unknown; their pods are replaced elsewhere and the RC returns to its exact count', async () => {
    await c.client.create(
      'replicationcontrollers',
      'default',
      rc('web', REPLICAS, { cpu: '100m', memory: '64Mi' }),
    );
    await vi.waitFor(
      async () => expect(running(await livePods(c.client, 'app=web'))).toHaveLength(REPLICAS),
      { timeout: 60_000, interval: 500 },
    );
    const silent = c.pool
      .nodes()
      .slice(0, SILENT)
      .map((n) => n.name);
    const before = perNode(await livePods(c.client, 'app=web'));
    expect(silent.some((n) => (before.get(n) ?? 0) > 0)).toBe(true);

    c.pool.pauseHeartbeats(silent);
    await vi.waitFor(
      async () => {
        const readiness = await nodeReadiness(c.client);
        for (const [name, status] of readiness)
          expect([name, status]).toEqual([name, silent.includes(name) ? 'Unknown' : 'True']);
      },
      { timeout: 15_000, interval: 250 },
    );

    await vi.waitFor(
      async () => {
        const pods = await livePods(c.client, 'app=web');
        expect(pods).toHaveLength(REPLICAS);
        expect(pods.filter((p) => silent.includes(p.spec?.nodeName ?? ''))).toEqual([]);
        expect(running(pods)).toHaveLength(REPLICAS);
        const all = await c.client.list('pods', 'default', { labelSelector: 'app=web' });
        expect(all.items).toHaveLength(REPLICAS); // the evicted ones are gone, not merely terminating
      },
      { timeout: 60_000, interval: 500 },
    );
    const status = (await c.client.get<ReplicationController>('replicationcontrollers', 'default', 'web'))
      .status;
    expect(status?.replicas).toBe(REPLICAS);
  }, 150_000);
});
