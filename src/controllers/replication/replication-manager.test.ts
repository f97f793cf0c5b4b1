// sample-controller style: seed the caches and the fake client with the same objects, call sync once,
// and compare the exact list of API writes.
import { describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { Event, KubeObject, Pod, ReplicationController } from '../../api/types';
import { FakeClient, Indexer, NAMESPACE_INDEX, WorkQueue, namespaceIndexFunc } from '../../client';
import { EventRecorder } from '../../client/record';
import { FakeClock, sequentialIds } from '../../util';
import { T0, makePod, makeRC, rcRef } from '../testing/fixtures';
import { podEventHandler } from './event-handlers';
import { Expectations } from './expectations';
import { podFromTemplate } from './pod-from-template';
import { ReplicationManager } from './replication-manager';

const stored = <T>(client: FakeClient, resource: string, obj: { metadata?: { name?: string } }): T =>
  client.tracker.get(resource, 'default', obj.metadata!.name!) as unknown as T;

function setup(rcList: ReplicationController[], podList: Pod[]) {
  const clock = new FakeClock(T0 + 100_000);
  const objects: [string, KubeObject][] = [
    ...rcList.map((o): [string, KubeObject] => ['replicationcontrollers', structuredClone(o) as KubeObject]),
    ...podList.map((o): [string, KubeObject] => ['pods', structuredClone(o) as KubeObject]),
  ];
  const client = new FakeClient({ objects, clock, ids: sequentialIds() });
  const rcs = new Indexer<ReplicationController>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  const pods = new Indexer<Pod>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  // Cache the objects as the server stored them (with resourceVersion), as an informer would.
  for (const rc of rcList) rcs.upsert(stored<ReplicationController>(client, 'replicationcontrollers', rc));
  for (const p of podList) pods.upsert(stored<Pod>(client, 'pods', p));
  const queue = new WorkQueue<string>({ clock });
  const expectations = new Expectations(clock);
  const manager = new ReplicationManager({ client, rcs, pods, queue, expectations, clock });
  return { client, rcs, pods, queue, expectations, manager, clock };
}

const writes = (client: FakeClient) =>
  client.writes().map((a) => [a.verb, a.resource + (a.subresource ? `/${a.subresource}` : ''), a.name ?? '']);

describe('ReplicationManager.sync', () => {
  it('too few: creates the pods from the template, then writes status', async () => {
    const rc = makeRC('web', { replicas: 3 });
    const { client, manager } = setup([rc], []);
    await manager.sync('default/web');
    expect(writes(client)).toEqual([
      ['create', 'pods', ''],
      ['create', 'pods', ''],
      ['create', 'pods', ''],
      ['update', 'replicationcontrollers/status', 'web'],
    ]);
    expect(client.writes()[0]!.object).toEqual(podFromTemplate(rc));
    expect((client.writes()[3]!.object as ReplicationController).status).toEqual({
      replicas: 0,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 1,
    });
  });

  it('never double-creates while the cache lags behind its own creations', async () => {
    const { client, manager, expectations, pods, rcs } = setup([makeRC('web', { replicas: 2 })], []);
    await manager.sync('default/web');
    client.clearActions();
    // The informer has delivered the RC's new status, but not the new pods yet.
    rcs.upsert(
      stored<ReplicationController>(client, 'replicationcontrollers', { metadata: { name: 'web' } }),
    );
    await manager.sync('default/web');
    expect(writes(client)).toEqual([]);
    // The informer catches up: the creations are observed and the next sync acts again (nothing to do).
    const handler = podEventHandler({ rcs: manager.deps.rcs, queue: manager.deps.queue, expectations });
    for (const p of client.tracker.list('pods', {}).items as Pod[]) {
      pods.upsert(p);
      handler.onAdd!(p);
    }
    expect(expectations.satisfied('default/web')).toBe(true);
    await manager.sync('default/web');
    expect(writes(client)).toEqual([['update', 'replicationcontrollers/status', 'web']]);
    expect((client.writes()[0]!.object as ReplicationController).status?.replicas).toBe(2);
  });

  // The cache lags our own status writes, so conflicts are routine during a scale-up. Failing the sync on
  // them used to grow the key's back-off (5 ms doubling) while pods were still to be created.
  it('a stale RC in the cache: the conflicting status write is redone on the fresh RC, and the sync succeeds', async () => {
    const rc = makeRC('web', { replicas: 1 });
    const { client, manager, pods } = setup([rc], []);
    client.prependReactor('create', 'pods', () => ({ error: errors.forbidden('exceeded quota') }));
    await expect(manager.sync('default/web')).rejects.toThrow(/FailedCreate/);
    client.clearActions();
    // The RC in the cache predates that status write; a pod of the RC appears.
    pods.upsert(makePod('p', { labels: { app: 'web' }, owners: [rcRef(rc)] }));
    await manager.sync('default/web');
    expect(writes(client)).toEqual([
      ['update', 'replicationcontrollers/status', 'web'],
      ['update', 'replicationcontrollers/status', 'web'],
    ]);
    const saved = stored<ReplicationController>(client, 'replicationcontrollers', rc);
    expect(saved.status?.replicas).toBe(1);
    expect(saved.status?.conditions).toBeUndefined();
  });

  it('a stale RC whose fresh status is already right: no second write', async () => {
    const { client, manager } = setup([makeRC('web', { replicas: 0 })], []);
    client.prependReactor('update', 'replicationcontrollers', (a) =>
      a.subresource === 'status' ? { error: errors.conflict('replicationcontrollers', 'web') } : undefined,
    );
    await manager.sync('default/web');
    expect(writes(client)).toEqual([['update', 'replicationcontrollers/status', 'web']]);
  });

  it('too many: deletes the cheapest pods', async () => {
    const rc = makeRC('web', { replicas: 1 });
    const owned = (name: string, o: Parameters<typeof makePod>[1]) =>
      makePod(name, { labels: { app: 'web' }, owners: [rcRef(rc)], ...o });
    const { client, manager } = setup(
      [rc],
      [
        owned('old', { nodeName: 'n1', ready: true, created: 1 }),
        owned('pending', {}),
        owned('young', { nodeName: 'n2', ready: true, created: 50 }),
      ],
    );
    await manager.sync('default/web');
    expect(writes(client)).toEqual([
      ['delete', 'pods', 'pending'],
      ['delete', 'pods', 'young'],
      ['update', 'replicationcontrollers/status', 'web'],
    ]);
  });

  it('adopts a matching orphan and releases a pod that stopped matching, and counts only what it owns', async () => {
    const rc = makeRC('web', { replicas: 1 });
    const { client, manager } = setup(
      [rc],
      [
        makePod('orphan', { labels: { app: 'web' }, nodeName: 'n1' }),
        makePod('debug', { labels: { app: 'debug' }, owners: [rcRef(rc)] }),
      ],
    );
    await manager.sync('default/web');
    expect(writes(client)).toEqual([
      ['patch', 'pods', 'orphan'],
      ['patch', 'pods', 'debug'],
      ['update', 'replicationcontrollers/status', 'web'],
    ]);
    expect(client.tracker.get('pods', 'default', 'orphan').metadata?.ownerReferences).toEqual([rcRef(rc)]);
    expect(client.tracker.get('pods', 'default', 'debug').metadata?.ownerReferences).toBeUndefined();
  });

  it('an RC gone from the cache: no writes', async () => {
    const { client, manager } = setup([], [makePod('p', { labels: { app: 'web' } })]);
    await manager.sync('default/web');
    expect(writes(client)).toEqual([]);
  });

  it('status already right: no write', async () => {
    const rc = makeRC('web', { replicas: 1 });
    const withStatus = {
      ...rc,
      status: {
        replicas: 1,
        fullyLabeledReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        observedGeneration: 1,
      },
    };
    const { client, manager } = setup(
      [withStatus],
      [makePod('p', { labels: { app: 'web' }, owners: [rcRef(rc)], nodeName: 'n', ready: true })],
    );
    await manager.sync('default/web');
    expect(writes(client)).toEqual([]);
  });

  it('a failing create stops the batch, is counted off, reported in status, and the sync fails', async () => {
    const { client, manager, expectations } = setup([makeRC('web', { replicas: 5 })], []);
    client.prependReactor('create', 'pods', () => ({
      error: errors.forbidden('pods "web-" is forbidden: exceeded quota: compute'),
    }));
    await expect(manager.sync('default/web')).rejects.toThrow(/FailedCreate/);
    expect(writes(client)).toEqual([
      ['create', 'pods', ''],
      ['update', 'replicationcontrollers/status', 'web'],
    ]);
    expect(expectations.satisfied('default/web')).toBe(true);
    const status = (client.writes()[1]!.object as ReplicationController).status;
    expect(status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
  });
});

describe('ReplicationManager events', () => {
  const withEvents = (rcList: ReplicationController[], podList: Pod[]) => {
    const s = setup(rcList, podList);
    const events = new EventRecorder({
      client: s.client,
      clock: s.clock,
      component: 'replication-controller',
    });
    const manager = new ReplicationManager({ ...s.manager.deps, events });
    return { ...s, manager, events };
  };
  const told = (client: FakeClient) =>
    client
      .writes()
      .filter((a) => a.resource === 'events')
      .map((a) => {
        const e = a.object as Event;
        return [
          e.type,
          e.reason,
          e.involvedObject.kind,
          e.involvedObject.name,
          e.source?.component,
          e.message,
        ];
      });

  it('tells each create and delete on the RC, worded as kube-controller-manager does', async () => {
    const { client, manager, events } = withEvents([makeRC('web', { replicas: 2 })], []);
    await manager.sync('default/web');
    await events.flush();
    expect(told(client)).toEqual([
      [
        'Normal',
        'SuccessfulCreate',
        'ReplicationController',
        'web',
        'replication-controller',
        expect.stringMatching(/^Created pod: web-/),
      ],
      [
        'Normal',
        'SuccessfulCreate',
        'ReplicationController',
        'web',
        'replication-controller',
        expect.stringMatching(/^Created pod: web-/),
      ],
    ]);

    const rc = makeRC('api', { replicas: 0 });
    const owned = makePod('api-1', { labels: { app: 'api' }, owners: [rcRef(rc)] });
    const s2 = withEvents([rc], [owned]);
    await s2.manager.sync('default/api');
    await s2.events.flush();
    expect(told(s2.client)).toEqual([
      [
        'Normal',
        'SuccessfulDelete',
        'ReplicationController',
        'api',
        'replication-controller',
        'Deleted pod: api-1',
      ],
    ]);
  });

  it('tells a refused create as FailedCreate with the reason', async () => {
    const { client, manager, events } = withEvents([makeRC('web', { replicas: 1 })], []);
    client.prependReactor('create', 'pods', () => ({ error: errors.forbidden('exceeded quota') }));
    await expect(manager.sync('default/web')).rejects.toThrow(/FailedCreate/);
    await events.flush();
    expect(told(client)).toEqual([
      [
        'Warning',
        'FailedCreate',
        'ReplicationController',
        'web',
        'replication-controller',
        expect.stringMatching(/^Error creating: .*exceeded quota/),
      ],
    ]);
  });
});
