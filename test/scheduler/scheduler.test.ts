// The scheduler against a real apiserver (in-process, sqlite in a temp dir) over HTTP: nodes registered
// through the API, pods bound through pods/<name>/binding, and what the real kubectl shows afterwards.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Node, Pod } from '../../src/api/types';
import { KubeClient, SharedInformerFactory } from '../../src/client';
import { Scheduler } from '../../src/scheduler/scheduler';
import { startTestServer, type TestServer } from '../apiserver/harness';

async function registerNode(client: KubeClient, name: string, cpu: string): Promise<void> {
  const created = await client.create<Node>('nodes', undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  });
  const resources = { cpu, memory: '8Gi', pods: '110' };
  await client.updateStatus<Node>('nodes', undefined, {
    ...created,
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
    },
  });
}

const pod = (name: string, cpu: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'spread' } },
  spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] },
});

describe('scheduler over a real apiserver', () => {
  let t: TestServer;
  let client: KubeClient;
  let factory: SharedInformerFactory;
  let scheduler: Scheduler;
  const abort = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    t = await startTestServer('sqlite', inject('etcdEndpoints'));
    client = new KubeClient({ server: t.url });
    for (const n of ['n1', 'n2', 'n3']) await registerNode(client, n, '2');
    factory = new SharedInformerFactory(client);
    scheduler = new Scheduler({ client, factory, parallelBinds: 8 });
    running = scheduler.run(abort.signal);
  });
  afterAll(async () => {
    abort.abort();
    await running;
    factory?.stop();
    client?.close();
    await t?.close();
  });

  const get = (name: string) => client.get<Pod>('pods', 'default', name);

  it('binds every pod, spread over the nodes', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `spread-${i}`);
    await Promise.all(names.map((n) => client.create('pods', 'default', pod(n, '100m'))));
    const placed = await vi.waitFor(
      async () => {
        const nodes = await Promise.all(names.map(async (n) => (await get(n)).spec?.nodeName));
        expect(nodes.every(Boolean)).toBe(true);
        return nodes as string[];
      },
      { timeout: 5000, interval: 50 },
    );
    const perNode = ['n1', 'n2', 'n3'].map((n) => placed.filter((p) => p === n).length);
    expect(perNode).toEqual([2, 2, 2]);
    const bound = await get(names[0]!);
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
  });

  it('leaves a pod that fits nowhere Pending with a FailedScheduling event, and places it on a new big node', async () => {
    await client.create('pods', 'default', pod('huge', '16'));
    const message = '0/3 nodes are available: 3 Insufficient cpu.';
    await vi.waitFor(
      async () => {
        const cond = (await get('huge')).status?.conditions?.find((c) => c.type === 'PodScheduled');
        expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
      },
      { timeout: 5000, interval: 50 },
    );
    await scheduler.events.flush();
    const events = await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=huge']);
    expect(events.stderr).toBe('');
    expect(events.stdout).toMatch(
      /Warning\s+FailedScheduling\s+pod\/huge\s+0\/3 nodes are available: 3 Insufficient cpu\./,
    );
    const pods = await t.kubectl(['get', 'pod', 'huge', '--no-headers']);
    expect(pods.stdout).toMatch(/^huge\s+0\/1\s+Pending/);

    await registerNode(client, 'big', '32');
    await vi.waitFor(async () => expect((await get('huge')).spec?.nodeName).toBe('big'), {
      timeout: 5000,
      interval: 50,
    });
    await scheduler.events.flush();
    const scheduled = await t.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=huge,reason=Scheduled',
    ]);
    expect(scheduled.stdout).toContain('Successfully assigned default/huge to big');
  });
});
