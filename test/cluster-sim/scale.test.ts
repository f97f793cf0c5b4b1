// 100 hollow nodes and an RC of 1,000 replicas: every pod Running, no node holding more requests than its
// allocatable (summed from the API, as a user would check it), and the RC's pods spread evenly. The shape
// can be changed with K8TS_SIM_NODES / K8TS_SIM_REPLICAS (e.g. to a smaller one on a busy machine).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseQuantity } from '../../src/api/quantity';
import type { Node, Pod } from '../../src/api/types';
import { livePods, perNode, rc, running, startSimCluster, type SimCluster } from './cluster';

const NODES = Number(process.env.K8TS_SIM_NODES ?? 100);
const REPLICAS = Number(process.env.K8TS_SIM_REPLICAS ?? 1000);

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ nodes: { count: NODES, capacity: { cpu: '4', memory: '16Gi', pods: '110' } } });
});
afterAll(async () => {
  await c?.stop();
});

interface Used {
  cpuMilli: bigint;
  memory: bigint;
  pods: number;
}

/** Requests of the pods bound to each node, summed from their specs. */
function usedPerNode(pods: Pod[]): Map<string, Used> {
  const used = new Map<string, Used>();
  for (const p of pods) {
    const u = used.get(p.spec!.nodeName!) ?? { cpuMilli: 0n, memory: 0n, pods: 0 };
    for (const ctr of p.spec!.containers) {
      const req = ctr.resources?.requests ?? {};
      if (req.cpu) u.cpuMilli += parseQuantity(String(req.cpu)).milliValue();
      if (req.memory) u.memory += parseQuantity(String(req.memory)).value();
    }
    u.pods++;
    used.set(p.spec!.nodeName!, u);
  }
  return used;
}

describe(`${NODES} hollow nodes`, () => {
  it(`run an RC of ${REPLICAS} replicas: all Running, within capacity, spread evenly`, async () => {
    await vi.waitFor(
      async () => {
        expect((await c.client.list<Node>('nodes', undefined)).items).toHaveLength(NODES);
      },
      { timeout: 30_000, interval: 200 },
    );
    const started = Date.now();
    await c.client.create(
      'replicationcontrollers',
      'default',
      rc('web', REPLICAS, { cpu: '100m', memory: '64Mi' }),
    );
    let pods: Pod[] = [];
    await vi.waitFor(
      async () => {
        pods = await livePods(c.client, 'app=web');
        expect(running(pods)).toHaveLength(REPLICAS);
      },
      { timeout: 150_000, interval: 1000 },
    );
    console.log(`${REPLICAS} pods Running on ${NODES} hollow nodes in ${Date.now() - started} ms`);
    expect(pods).toHaveLength(REPLICAS);

    const nodes = (await c.client.list<Node>('nodes', undefined)).items;
    const used = usedPerNode(pods);
    for (const n of nodes) {
      const alloc = n.status!.allocatable ?? n.status!.capacity!;
      const u = used.get(n.metadata!.name!) ?? { cpuMilli: 0n, memory: 0n, pods: 0 };
      expect(u.cpuMilli).toBeLessThanOrEqual(parseQuantity(String(alloc.cpu)).milliValue());
      expect(u.memory).toBeLessThanOrEqual(parseQuantity(String(alloc.memory)).value());
      expect(u.pods).toBeLessThanOrEqual(Number(alloc.pods));
    }
    const counts = [
      ...perNode(
        pods,
        nodes.map((n) => n.metadata!.name!),
      ).values(),
    ];
    expect(counts).toHaveLength(NODES);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    expect(new Set(pods.map((p) => p.status!.podIP)).size).toBe(REPLICAS);
  }, 240_000);
});
