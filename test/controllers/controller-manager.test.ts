// The controller-manager against a real in-process apiserver (sqlite in a temp dir), driven the way users
// drive it: objects created through the API, RCs deleted with the real kubectl (cascading by default,
// `--cascade=orphan` to keep the pods).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Endpoints, Node, Pod } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { startControllerManager, type ControllerManager } from '../../src/controllers/controller-manager';
import { realClock } from '../../src/util';
import { startTestServer, type TestServer } from '../apiserver/harness';

let ts: TestServer;
let client: KubeClient;
let cm: ControllerManager;

beforeAll(async () => {
  ts = await startTestServer('sqlite', []);
  client = new KubeClient({ server: ts.url });
  cm = startControllerManager({ client, clock: realClock });
});

afterAll(async () => {
  await cm?.stop();
  client?.close();
  await ts?.close();
});

const wait = { timeout: 15_000, interval: 50 };

function rc(name: string, replicas: number) {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    },
  };
}

const podsOf = async (app: string) =>
  (await client.list<Pod>('pods', 'default', { labelSelector: `app=${app}` })).items;

describe('controller-manager', () => {
  it('keeps Endpoints of a service: ready pod IPs, the rest not ready, named target ports per pod', async () => {
    await client.create('services', 'default', {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const pod = (name: string, port: number) => ({
      metadata: { name, labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: port }] }] },
    });
    await client.create('pods', 'default', pod('web-a', 8080));
    await client.create('pods', 'default', pod('web-b', 9090));
    const setStatus = async (name: string, ip: string, ready: boolean) => {
      const current = await client.get<Pod>('pods', 'default', name);
      await client.updateStatus('pods', 'default', {
        ...current,
        status: {
          phase: 'Running',
          podIP: ip,
          conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        },
      });
    };
    await setStatus('web-a', '10.244.0.5', true);
    await setStatus('web-b', '10.244.0.6', false);
    await vi.waitFor(async () => {
      const ep = await client.get<Endpoints>('endpoints', 'default', 'web');
      expect(ep.subsets).toEqual([
        {
          addresses: [expect.objectContaining({ ip: '10.244.0.5' })],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
        {
          notReadyAddresses: [expect.objectContaining({ ip: '10.244.0.6' })],
          ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
        },
      ]);
    }, wait);
    await client.delete('services', 'default', 'web');
    await vi.waitFor(async () => {
      await expect(client.get('endpoints', 'default', 'web')).rejects.toMatchObject({ code: 404 });
    }, wait);
  });

  it('an RC gets its replicas; `kubectl delete rc` deletes its pods', async () => {
    await client.create('replicationcontrollers', 'default', rc('frontend', 3));
    await vi.waitFor(async () => expect(await podsOf('frontend')).toHaveLength(3), wait);
    const res = await ts.kubectl(['delete', 'rc', 'frontend']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('replicationcontroller "frontend" deleted');
    await vi.waitFor(async () => expect(await podsOf('frontend')).toHaveLength(0), wait);
  });

  it('`kubectl delete rc --cascade=orphan` leaves the pods, without owner references', async () => {
    await client.create('replicationcontrollers', 'default', rc('backend', 2));
    await vi.waitFor(async () => expect(await podsOf('backend')).toHaveLength(2), wait);
    const res = await ts.kubectl(['delete', 'rc', 'backend', '--cascade=orphan']);
    expect(res.stdout).toContain('replicationcontroller "backend" deleted');
    await vi.waitFor(async () => {
      await expect(client.get('replicationcontrollers', 'default', 'backend')).rejects.toMatchObject({
        code: 404,
      });
    }, wait);
    // Give the collector time to do the wrong thing, then check it did not.
    await new Promise((r) => setTimeout(r, 500));
    const pods = await podsOf('backend');
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata?.ownerReferences)).toEqual([undefined, undefined]);
  });

  it('`kubectl delete rc --cascade=foreground` deletes the pods first, then the RC', async () => {
    await client.create('replicationcontrollers', 'default', rc('fg', 2));
    await vi.waitFor(async () => expect(await podsOf('fg')).toHaveLength(2), wait);
    const res = await ts.kubectl(['delete', 'rc', 'fg', '--cascade=foreground']);
    expect(res.stdout).toContain('replicationcontroller "fg" deleted');
    await vi.waitFor(async () => {
      expect(await podsOf('fg')).toHaveLength(0);
      await expect(client.get('replicationcontrollers', 'default', 'fg')).rejects.toMatchObject({
        code: 404,
      });
    }, wait);
  });

  it('gives a new node a /24 of the cluster range', async () => {
    await client.create('nodes', undefined, { metadata: { name: 'node-1' }, spec: {} });
    await vi.waitFor(async () => {
      const node = await client.get<Node>('nodes', undefined, 'node-1');
      expect(node.spec?.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    }, wait);
  });
});
