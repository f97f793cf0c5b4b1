// sample-controller style: the fake API and the caches hold the same objects; sync one key; compare the
// exact actions (reads included where the collector must confirm what its cache says).
import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types';
import { FakeClient, Indexer, NAMESPACE_INDEX, WorkQueue, namespaceIndexFunc } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { makePod, makeRC, rcRef } from '../testing/fixtures';
import { GarbageCollector } from './garbage-collector';
import { ObjectGraph, gcIndexers } from './object-graph';
import { gcHandler } from './run-garbage-collector';

const RESOURCES = ['pods', 'replicationcontrollers'];
const k = (o: unknown) => structuredClone(o) as KubeObject;

/** `inApi` are in the fake API; `cached` (default: the same) are what the informers have seen. */
function setup(inApi: [string, unknown][], cached?: [string, unknown][]) {
  const client = new FakeClient({
    objects: inApi.map(([r, o]) => [r, k(o)]),
    clock: new FakeClock(),
    ids: sequentialIds(),
  });
  const caches = new Map<string, Indexer<KubeObject>>();
  for (const r of RESOURCES)
    caches.set(r, new Indexer<KubeObject>({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...gcIndexers }));
  for (const [r, o] of cached ?? inApi) {
    const obj = k(o);
    const stored = inApi.some(([, x]) => x === o)
      ? client.tracker.get(r, 'default', obj.metadata!.name!)
      : obj;
    caches.get(r)!.upsert(k(stored));
  }
  const graph = new ObjectGraph(caches);
  const gc = new GarbageCollector({ client, graph });
  return { client, gc, graph, caches };
}

const actions = (client: FakeClient) => client.actions.map((a) => [a.verb, a.resource, a.name ?? '']);

const rc = makeRC('web', { replicas: 2 });
const ref = rcRef(rc);
const owned = (name: string, owners: OwnerReference[] = [ref]) =>
  makePod(name, { labels: { app: 'web' }, owners });
const deleting = (finalizer: string) => ({
  ...rc,
  metadata: { ...rc.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: [finalizer] },
});

describe('GarbageCollector.sync as dependent', () => {
  it('deletes a pod whose controller is gone from the cache and from the API', async () => {
    const { client, gc } = setup([['pods', owned('a')]]);
    await gc.sync('pods|default/a');
    expect(actions(client)).toEqual([
      ['get', 'replicationcontrollers', 'web'],
      ['get', 'pods', 'a'],
      ['delete', 'pods', 'a'],
    ]);
    expect(client.actions[2]!.object).toMatchObject({
      propagationPolicy: 'Background',
      preconditions: { uid: 'uid-a' },
    });
    expect(client.tracker.list('pods', {}).items).toEqual([]);
  });

  it('keeps the pod when the live GET finds the owner the cache has not seen yet', async () => {
    const { client, gc } = setup(
      [
        ['replicationcontrollers', rc],
        ['pods', owned('a')],
      ],
      [['pods', owned('a')]],
    );
    await gc.sync('pods|default/a');
    expect(actions(client)).toEqual([['get', 'replicationcontrollers', 'web']]);
  });

  it('a reference to an owner re-created under the same name (new uid) dangles', async () => {
    const recreated = makeRC('web', { uid: 'uid-web-2' });
    const { client, gc } = setup(
      [
        ['replicationcontrollers', recreated],
        ['pods', owned('a')],
      ],
      [['pods', owned('a')]],
    );
    await gc.sync('pods|default/a');
    expect(client.writes().map((a) => a.verb)).toEqual(['delete']);
  });

  it('with another live owner, only the dangling reference goes', async () => {
    const other: OwnerReference = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      name: 'db',
      uid: 'uid-db',
    };
    const db = makeRC('db');
    const { client, gc } = setup([
      ['replicationcontrollers', db],
      ['pods', owned('a', [ref, other])],
    ]);
    await gc.sync('pods|default/a');
    expect(client.writes().map((a) => [a.verb, a.name, a.object])).toEqual([
      [
        'patch',
        'a',
        {
          metadata: {
            uid: 'uid-a',
            resourceVersion: expect.any(String),
            ownerReferences: [other],
          },
        },
      ],
    ]);
  });
});

describe('GarbageCollector.sync as owner being deleted', () => {
  it('orphan: cuts every dependent loose, then removes the finalizer', async () => {
    const { client, gc } = setup([
      ['replicationcontrollers', deleting('orphan')],
      ['pods', owned('a')],
      ['pods', owned('b')],
      ['pods', makePod('c', { labels: { app: 'web' } })],
    ]);
    await gc.sync('replicationcontrollers|default/web');
    expect(client.writes().map((a) => [a.verb, a.resource, a.name, a.object])).toEqual([
      ['patch', 'pods', 'a', { metadata: { uid: 'uid-a', ownerReferences: null } }],
      ['patch', 'pods', 'b', { metadata: { uid: 'uid-b', ownerReferences: null } }],
      [
        'patch',
        'replicationcontrollers',
        'web',
        { metadata: { resourceVersion: expect.any(String), finalizers: null } },
      ],
    ]);
    const pods = client.tracker.list('pods', {}).items;
    expect(pods.map((p) => p.metadata?.ownerReferences)).toEqual([undefined, undefined, undefined]);
  });

  it('foreground: deletes the dependents first and keeps the owner until they are gone', async () => {
    const s = setup([
      ['replicationcontrollers', deleting('foregroundDeletion')],
      ['pods', owned('a')],
    ]);
    await s.gc.sync('replicationcontrollers|default/web');
    expect(s.client.writes().map((a) => [a.verb, a.resource, a.name])).toEqual([['delete', 'pods', 'a']]);
    expect(s.client.writes()[0]!.object).toMatchObject({ propagationPolicy: 'Foreground' });
    // The informer sees the pod go; the owner is synced again and may now go.
    s.caches.get('pods')!.delete('default/a');
    s.client.clearActions();
    await s.gc.sync('replicationcontrollers|default/web');
    expect(s.client.writes().map((a) => [a.verb, a.resource, a.name, a.object])).toEqual([
      [
        'patch',
        'replicationcontrollers',
        'web',
        { metadata: { resourceVersion: expect.any(String), finalizers: null } },
      ],
    ]);
  });

  it('an owner being deleted without a recorded policy is left to the apiserver', async () => {
    const { client, gc } = setup([
      [
        'replicationcontrollers',
        { ...rc, metadata: { ...rc.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['x'] } },
      ],
      ['pods', owned('a')],
    ]);
    await gc.sync('replicationcontrollers|default/web');
    await gc.sync('pods|default/a');
    expect(client.writes()).toEqual([]);
  });
});

describe('gcHandler', () => {
  it("an owner's deletion enqueues its dependents", async () => {
    const { graph, caches } = setup([
      ['pods', owned('a')],
      ['pods', makePod('b')],
    ]);
    const queue = new WorkQueue<string>({ clock: new FakeClock() });
    gcHandler('replicationcontrollers', graph, queue).onDelete!(k(rc));
    expect(await queue.get()).toBe('pods|default/a');
    expect(queue.len()).toBe(0);
    expect(caches.get('pods')!.size).toBe(2);
  });
});
