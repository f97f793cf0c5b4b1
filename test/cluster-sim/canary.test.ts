// The seed's canary on hollow nodes: the examples/canary YAML created with the real kubectl, the service's
// Endpoints following both RCs' pods through a scale-up of the canary and the deletion of the stable RC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Endpoints } from '../../src/api/types';
import { livePods, running, startSimCluster, type SimCluster } from './cluster';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/canary');
const wait = { timeout: 20_000, interval: 100 };

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ nodes: { count: 4, podStartupMs: 50, statusIntervalMs: 2000 } });
});
afterAll(async () => {
  await c?.stop();
});

async function kubectl(...args: string[]): Promise<string> {
  const res = await c.ts.kubectl(args);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res.stdout;
}

const endpointIps = async () => {
  const ep = await c.client.get<Endpoints>('endpoints', 'default', 'frontend');
  return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
};

/** Running pods of the service (tier in (frontend), stack in (prod)) and its ready endpoint addresses. */
async function expectServing(total: number, canaries: number): Promise<void> {
  const pods = running(await livePods(c.client, 'tier in (frontend),stack in (prod)'));
  expect(pods).toHaveLength(total);
  expect(pods.filter((p) => p.metadata?.labels?.canary === 'yes')).toHaveLength(canaries);
  const ips = await endpointIps();
  expect(ips).toHaveLength(total);
  expect(new Set(ips)).toEqual(new Set(pods.map((p) => p.status!.podIP)));
}

describe('the canary on hollow nodes', () => {
  it('10 pods behind the service, canary scaled to 3 → 12, stable RC deleted → the 3 canaries remain', async () => {
    for (const f of ['service.yaml', 'frontend-rc.yaml', 'frontend-canary-rc.yaml']) {
      const file = c.ts.file(f, readFileSync(path.join(examples, f), 'utf8'));
      expect(await kubectl('create', '-f', file)).toMatch(/created/);
    }
    await vi.waitFor(() => expectServing(10, 1), wait);

    expect(await kubectl('scale', 'rc', 'frontend-canary', '--replicas=3')).toContain(
      'replicationcontroller/frontend-canary scaled',
    );
    await vi.waitFor(() => expectServing(12, 3), wait);

    expect(await kubectl('delete', 'rc', 'frontend')).toContain('replicationcontroller "frontend" deleted');
    await vi.waitFor(async () => {
      // Gone from the API, not merely terminating: the hollow kubelets finished the graceful deletion.
      const all = await c.client.list('pods', 'default', { labelSelector: 'tier=frontend' });
      expect(all.items).toHaveLength(3);
      await expectServing(3, 3);
    }, wait);
  });
});
