// sample-controller style: seed the fake client and the caches with the same objects, sync once, compare
// the exact API writes. Then the handlers: which service keys a pod change enqueues.
import { describe, expect, it } from 'vitest';
import type { Endpoints, KubeObject, Pod, Service } from '../../api/types';
import { FakeClient, Indexer, NAMESPACE_INDEX, WorkQueue, namespaceIndexFunc } from '../../client';
import { LEADER_ANNOTATION } from '../../client/leaderelection';
import { FakeClock, sequentialIds } from '../../util';
import { makePod, makeService } from '../testing/fixtures';
import { EndpointsController, endpointsHandlers } from './endpoints-controller';

const web = { app: 'web' };
const http = [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' as const }];

function setup(seed: { services?: Service[]; pods?: Pod[]; endpoints?: Endpoints[] }) {
  const objects: [string, KubeObject][] = [
    ...(seed.services ?? []).map((o): [string, KubeObject] => ['services', structuredClone(o) as KubeObject]),
    ...(seed.pods ?? []).map((o): [string, KubeObject] => ['pods', structuredClone(o) as KubeObject]),
    ...(seed.endpoints ?? []).map((o): [string, KubeObject] => [
      'endpoints',
      structuredClone(o) as KubeObject,
    ]),
  ];
  const client = new FakeClient({ objects, clock: new FakeClock(), ids: sequentialIds() });
  const cache = <T extends KubeObject | Pod | Service | Endpoints>(resource: string) => {
    const ix = new Indexer<T>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
    for (const o of client.tracker.list(resource, {}).items) ix.upsert(o as unknown as T);
    return ix;
  };
  const services = cache<Service>('services');
  const pods = cache<Pod>('pods');
  const endpoints = cache<Endpoints>('endpoints');
  const controller = new EndpointsController({ client, services, pods, endpoints });
  return { client, controller, services, pods, endpoints };
}

const writes = (client: FakeClient) => client.writes().map((a) => [a.verb, a.resource, a.name ?? '']);

describe('EndpointsController.sync', () => {
  const ready = makePod('a', {
    labels: web,
    ip: '10.244.1.2',
    ready: true,
    nodeName: 'n1',
    ports: { http: 8080 },
  });
  const notReady = makePod('b', { labels: web, ip: '10.244.1.3', nodeName: 'n1', ports: { http: 9090 } });

  it('creates the Endpoints named like the service: ready and not ready pods, named port per pod', async () => {
    const { client, controller } = setup({
      services: [makeService('web', web, http)],
      pods: [ready, notReady],
    });
    await controller.sync('default/web');
    expect(writes(client)).toEqual([['create', 'endpoints', '']]);
    expect(client.writes()[0]!.object).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', labels: { svc: 'web' } },
      subsets: [
        {
          addresses: [
            {
              ip: '10.244.1.2',
              nodeName: 'n1',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
            },
          ],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
        {
          notReadyAddresses: [
            {
              ip: '10.244.1.3',
              nodeName: 'n1',
              targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' },
            },
          ],
          ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
        },
      ],
    });
  });

  it('writes nothing when the stored Endpoints already say so, and updates when they do not', async () => {
    const first = setup({ services: [makeService('web', web, http)], pods: [ready] });
    await first.controller.sync('default/web');
    const stored = first.client.tracker.get('endpoints', 'default', 'web') as Endpoints;
    const same = setup({ services: [makeService('web', web, http)], pods: [ready], endpoints: [stored] });
    await same.controller.sync('default/web');
    expect(writes(same.client)).toEqual([]);
    const changed = setup({
      services: [makeService('web', web, http)],
      pods: [notReady],
      endpoints: [stored],
    });
    await changed.controller.sync('default/web');
    expect(writes(changed.client)).toEqual([['update', 'endpoints', '']]);
    const sent = changed.client.writes()[0]!.object as Endpoints;
    expect(sent.subsets!.map((s) => s.notReadyAddresses?.[0]?.ip)).toEqual(['10.244.1.3']);
    expect(sent.metadata?.resourceVersion).toBe(
      changed.endpoints.get('default/web')!.metadata!.resourceVersion,
    );
  });

  it('leaves services without selector and their Endpoints alone', async () => {
    const manual: Endpoints = { metadata: { name: 'ext', namespace: 'default' }, subsets: [] };
    const { client, controller } = setup({
      services: [makeService('ext', undefined, http)],
      endpoints: [manual],
    });
    await controller.sync('default/ext');
    expect(writes(client)).toEqual([]);
  });

  it('deletes the Endpoints of a deleted service, but never a leader election lock', async () => {
    const orphan: Endpoints = { metadata: { name: 'gone', namespace: 'default' } };
    const lock: Endpoints = {
      metadata: {
        name: 'kube-scheduler',
        namespace: 'kube-system',
        annotations: { [LEADER_ANNOTATION]: '{}' },
      },
    };
    const { client, controller } = setup({ endpoints: [orphan, lock] });
    await controller.sync('default/gone');
    await controller.sync('kube-system/kube-scheduler');
    expect(writes(client)).toEqual([['delete', 'endpoints', 'gone']]);
  });
});

describe('endpointsHandlers', () => {
  it('a pod change enqueues the services selecting it before and after', async () => {
    const services = new Indexer<Service>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
    services.upsert(makeService('web', web, http));
    services.upsert(makeService('db', { app: 'db' }, http));
    services.upsert(makeService('manual', undefined, http));
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    const h = endpointsHandlers(services, queue);
    const old = makePod('a', { labels: web });
    const moved = {
      ...makePod('a', { labels: { app: 'db' } }),
      metadata: { ...old.metadata, labels: { app: 'db' }, resourceVersion: '2' },
    };
    h.pod.onUpdate!(old, moved);
    expect([await queue.get(), await queue.get()]).toEqual(['default/web', 'default/db']);
    expect(queue.len()).toBe(0);
  });
});
