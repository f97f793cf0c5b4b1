import { describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { KubeObject, Pod } from '../../api/types';
import { FakeClock, sequentialIds } from '../../util';
import { FakeClient } from '../fake';
import { DeletedFinalStateUnknown, deletedObject } from './keys';
import { SharedInformer } from './shared-informer';
import { SharedInformerFactory } from './factory';
import { waitForCacheSync } from './wait-for-cache-sync';

const flush = () => new Promise((r) => setImmediate(r));

const pod = (name: string, nodeName = '', ns = 'default'): KubeObject =>
  ({ metadata: { name, namespace: ns }, spec: { nodeName, containers: [] } }) as Pod as KubeObject;

function setup(objects: KubeObject[] = [], resyncMs?: number) {
  const clock = new FakeClock();
  const client = new FakeClient({ objects: objects.map((o) => ['pods', o]), ids: sequentialIds(), clock });
  const informer = new SharedInformer<Pod>(
    client,
    { resource: 'pods' },
    {
      clock,
      resyncMs,
      indexers: { nodeName: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) },
    },
  );
  const events: string[] = [];
  informer.addEventHandler({
    onAdd: (p) => events.push(`add ${p.metadata?.name}`),
    onUpdate: (o, n) =>
      events.push(
        `update ${n.metadata?.name} ${o.metadata?.resourceVersion}->${n.metadata?.resourceVersion}`,
      ),
    onDelete: (p) =>
      events.push(
        `${p instanceof DeletedFinalStateUnknown ? 'tombstone' : 'delete'} ${deletedObject(p).metadata?.name}`,
      ),
  });
  return { clock, client, informer, events };
}

describe('SharedInformer', () => {
  it('lists, then watches from the list resourceVersion; handlers see add, update, delete', async () => {
    const { client, informer, events } = setup([pod('a'), pod('b')]);
    expect(informer.hasSynced()).toBe(false);
    informer.start();
    expect(await waitForCacheSync([informer])).toBe(true);
    expect(events).toEqual(['add a', 'add b']);
    expect(client.actions.map((a) => a.verb)).toEqual(['list', 'watch']);

    const c = await client.create('pods', 'default', pod('c'));
    await client.update('pods', 'default', { ...c, metadata: { ...c.metadata, labels: { x: 'y' } } });
    await client.delete('pods', 'default', 'a');
    expect(events.slice(2)).toEqual(['add c', 'update c 3->4', 'delete a']);
    expect(informer.indexer.listKeys().sort()).toEqual(['default/b', 'default/c']);
    expect(informer.lastSyncResourceVersion).toBe('5');
  });

  it('hands out frozen objects: the cache cannot be changed by a reader', async () => {
    const { informer } = setup([pod('a', 'n1')]);
    informer.start();
    await informer.whenSynced();
    const cached = informer.indexer.get('default/a')!;
    expect(() => {
      (cached.metadata as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(cached.spec)).toBe(true);
  });

  it('keeps indexes current: pods by node', async () => {
    const { client, informer } = setup([pod('a', 'n1'), pod('b', 'n2'), pod('c', 'n1')]);
    informer.start();
    await informer.whenSynced();
    const onNode = (n: string) =>
      informer.indexer
        .byIndex('nodeName', n)
        .map((p) => p.metadata?.name)
        .sort();
    expect(onNode('n1')).toEqual(['a', 'c']);
    await client.bind('default', 'd', 'n1').catch(() => undefined); // no such pod: nothing changes
    const c = await client.get<Pod>('pods', 'default', 'c');
    await client.update('pods', 'default', { ...c, spec: { ...c.spec!, nodeName: 'n2' } });
    expect(onNode('n1')).toEqual(['a']);
    expect(onNode('n2')).toEqual(['b', 'c']);
    expect(informer.indexer.byIndex('namespace', 'default')).toHaveLength(3);
    expect(() => informer.indexer.byIndex('nodename', 'n1')).toThrow('index "nodename" does not exist');
  });

  it('relists after 410 and reports what the watch missed, deletions as tombstones', async () => {
    const { clock, client, informer, events } = setup([pod('a'), pod('b')]);
    informer.start();
    await informer.whenSynced();
    // The apiserver goes away; while nobody watches, a is deleted, b changes, c appears; history is compacted.
    client.tracker.closeWatches(errors.unavailable('connection refused'));
    client.tracker.delete('pods', 'default', 'a');
    const b = client.tracker.get('pods', 'default', 'b');
    client.tracker.update('pods', 'default', { ...b, metadata: { ...b.metadata, labels: { v: '2' } } });
    client.tracker.create('pods', 'default', pod('c'));
    client.tracker.compact();
    events.length = 0;
    clock.step(100); // watch retry → 410 Expired
    await flush();
    clock.step(200); // list retry after back-off
    await flush();
    expect(events).toEqual(['update b 2->4', 'add c', 'tombstone a']);
    expect(client.actions.map((a) => a.verb)).toEqual(['list', 'watch', 'watch', 'list', 'watch']);
    expect(informer.indexer.listKeys().sort()).toEqual(['default/b', 'default/c']);
    await client.delete('pods', 'default', 'c'); // and the new watch is live
    expect(events.at(-1)).toBe('delete c');
  });

  it('retries a failed list with back-off and only then reports synced', async () => {
    const { clock, client, informer } = setup([pod('a')]);
    let failures = 2;
    client.prependReactor('list', 'pods', () =>
      failures-- > 0 ? { error: errors.unavailable('down') } : undefined,
    );
    informer.start();
    await flush();
    expect(informer.hasSynced()).toBe(false);
    clock.step(200);
    await flush();
    expect(informer.hasSynced()).toBe(false);
    clock.step(400);
    await flush();
    expect(informer.hasSynced()).toBe(true);
    expect(client.actions.filter((a) => a.verb === 'list')).toHaveLength(3);
  });

  it('re-delivers every cached object as an update each resync period', async () => {
    const { clock, informer, events } = setup([pod('a'), pod('b')], 60_000);
    informer.start();
    await informer.whenSynced();
    events.length = 0;
    clock.step(59_999);
    expect(events).toEqual([]);
    clock.step(1);
    expect(events).toEqual(['update a 1->1', 'update b 2->2']);
    clock.step(60_000);
    expect(events).toHaveLength(4);
  });

  it('stop() ends the watch and all notifications', async () => {
    const { clock, client, informer, events } = setup([pod('a')], 1000);
    informer.start();
    await informer.whenSynced();
    informer.stop();
    expect(client.tracker.openWatches).toBe(0);
    await client.create('pods', 'default', pod('b'));
    clock.step(10_000);
    expect(events).toEqual(['add a']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a handler that throws does not keep the others from hearing', async () => {
    const { client, informer, events } = setup([]);
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('bug');
      },
    });
    informer.start();
    await informer.whenSynced();
    await client.create('pods', 'default', pod('x'));
    expect(events).toEqual(['add x']);
  });
});

describe('SharedInformerFactory', () => {
  it('shares one informer per resource; a late handler starts from the cached state', async () => {
    const clock = new FakeClock();
    const client = new FakeClient({
      objects: [
        ['pods', pod('a')],
        ['nodes', { metadata: { name: 'n1' } }],
      ],
      clock,
    });
    const factory = new SharedInformerFactory(client, { clock });
    const pods = factory.informerFor<Pod>('pods');
    expect(factory.informerFor('pods')).toBe(pods);
    expect(factory.informerFor('pods', { namespace: 'kube-system' })).not.toBe(pods);
    factory.start();
    const nodes = factory.informerFor('nodes'); // asked for after start: started at once
    expect(await factory.waitForCacheSync()).toBe(true);
    expect(nodes.indexer.listKeys()).toEqual(['n1']);
    const late: string[] = [];
    pods.addEventHandler({ onAdd: (p) => late.push(p.metadata!.name!) });
    expect(late).toEqual(['a']);
    expect(
      client.actions.filter((a) => a.verb === 'list').map((a) => `${a.resource} ${a.namespace}`),
    ).toEqual(['pods undefined', 'pods kube-system', 'nodes undefined']);
    factory.stop();
  });

  it('waitForCacheSync answers false when aborted before the caches fill', async () => {
    const client = new FakeClient();
    client.prependReactor('list', '*', () => ({ error: errors.unavailable('down') }));
    const factory = new SharedInformerFactory(client, { clock: new FakeClock() });
    factory.informerFor('pods');
    factory.start();
    const abort = new AbortController();
    const waiting = factory.waitForCacheSync(abort.signal);
    abort.abort();
    expect(await waiting).toBe(false);
    factory.stop();
  });
});
