import { describe, expect, it } from 'vitest';
import { resourceInfo } from '../api/resources';
import type { KubeObject, Pod } from '../api/types';
import { StorageError, type Store, type StoreEvent, type Watcher } from '../storage';
import { MemoryStore } from '../storage/memory';
import { FakeClock } from '../util';
import { flush, recorder } from './registry-testing';
import { WatchCache } from './watch-cache';

/** A memory store whose watches can be broken on demand, as a lost etcd connection breaks them. */
class FlakyStore extends MemoryStore {
  private live: { onError: (e: StorageError) => void; w: Watcher }[] = [];
  watches = 0;
  override watch(
    prefix: string,
    after: number,
    onEvent: (e: StoreEvent) => void,
    onError: (e: StorageError) => void,
  ): Watcher {
    this.watches++;
    const w = super.watch(prefix, after, onEvent, onError);
    this.live.push({ onError, w });
    return w;
  }
  breakWatches(code: 'Unavailable' | 'TooOld'): void {
    for (const { onError, w } of this.live.splice(0)) {
      w.stop();
      onError(new StorageError(code, '/registry/pods/'));
    }
  }
}

const info = resourceInfo('pods')!;
const put = (s: Store, name: string) =>
  s.create(`/registry/pods/default/${name}`, JSON.stringify({ metadata: { name, namespace: 'default' } }));

describe('WatchCache', () => {
  it('restarts a failed store watch from the last revision seen, missing nothing', async () => {
    const store = new FlakyStore();
    const clock = new FakeClock();
    const cache = new WatchCache({ store, info, clock });
    await cache.start();
    const rec = recorder();
    cache.watch({ filter: () => true }, rec.send);
    await put(store, 'a');
    await flush();
    store.breakWatches('Unavailable');
    await put(store, 'b');
    await flush();
    expect(rec.seen()).toEqual([['ADDED', 'a']]);
    clock.step(1000);
    await flush();
    expect(store.watches).toBe(2);
    expect(rec.seen()).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
    cache.stop();
  });

  it('relists after TooOld and tells every watcher to start over with a 410', async () => {
    const store = new FlakyStore();
    const clock = new FakeClock();
    const cache = new WatchCache({ store, info, clock });
    await cache.start();
    const rec = recorder();
    cache.watch({ filter: () => true }, rec.send);
    store.breakWatches('TooOld');
    await put(store, 'a');
    clock.step(1000);
    await flush();
    expect(rec.events.map((e) => [e.type, e.object.code])).toEqual([['ERROR', 410]]);
    expect(cache.snapshot().items.map((i) => i.object.metadata!.name)).toEqual(['a']);
    cache.stop();
  });

  it('hands out frozen objects, so no watcher can change what others see', async () => {
    const store = new MemoryStore();
    const cache = new WatchCache({ store, info, clock: new FakeClock() });
    await put(store, 'a');
    await cache.start();
    expect(Object.isFrozen(cache.snapshot().items[0]!.object.metadata)).toBe(true);
    cache.stop();
  });
});

describe('WatchCache fan-out by namespace', () => {
  it('offers a namespaced watcher its namespace only, and an unscoped one everything', async () => {
    const store = new MemoryStore();
    const cache = new WatchCache({ store, info, clock: new FakeClock() });
    await cache.start();
    const [inA, all] = [recorder(), recorder()];
    // The filter admits everything: only the index keeps namespace b's events from this watcher.
    const handle = cache.watch({ filter: () => true, namespace: 'a' }, inA.send);
    cache.watch({ filter: () => true }, all.send);
    for (const [ns, name] of [
      ['a', 'one'],
      ['b', 'two'],
      ['a', 'three'],
    ])
      await store.create(
        `/registry/pods/${ns}/${name}`,
        JSON.stringify({ metadata: { name, namespace: ns } }),
      );
    await flush();
    expect(inA.seen()).toEqual([
      ['ADDED', 'one'],
      ['ADDED', 'three'],
    ]);
    expect(all.seen().map(([, n]) => n)).toEqual(['one', 'two', 'three']);
    handle.stop();
    await store.create(
      '/registry/pods/a/four',
      JSON.stringify({ metadata: { name: 'four', namespace: 'a' } }),
    );
    await flush();
    expect(inA.seen()).toHaveLength(2);
    expect(all.seen()).toHaveLength(4);
    cache.stop();
  });
});

describe('WatchCache fan-out by spec.nodeName', () => {
  const podOn = (name: string, nodeName?: string) =>
    JSON.stringify({ metadata: { name, namespace: 'default' }, spec: { nodeName } });

  it('offers a node watcher its own pods only, a bind arriving as ADDED and a move away as DELETED', async () => {
    const store = new MemoryStore();
    const cache = new WatchCache({ store, info, clock: new FakeClock() });
    await cache.start();
    const [nodeA, nodeB, unassigned] = [recorder(), recorder(), recorder()];
    // Filters that admit everything: only the index keeps node B's pods from node A's watcher.
    cache.watch({ filter: () => true, fieldSelector: 'spec.nodeName=a' }, nodeA.send);
    cache.watch({ filter: () => true, fieldSelector: 'spec.nodeName=b' }, nodeB.send);
    const isUnassigned = (o: KubeObject) => !(o as Pod).spec?.nodeName;
    cache.watch({ filter: isUnassigned, fieldSelector: 'spec.nodeName=' }, unassigned.send);

    const key = (name: string) => `/registry/pods/default/${name}`;
    await store.create(key('on-b'), podOn('on-b', 'b'));
    const pending = await store.create(key('pending'), podOn('pending'));
    await flush();
    expect(nodeA.seen()).toEqual([]);
    expect(unassigned.seen()).toEqual([['ADDED', 'pending']]);

    // The scheduler binds it to a: a's watcher filters it in (ADDED), the unassigned one out (DELETED).
    const filterA = (o: KubeObject) => (o as Pod).spec?.nodeName === 'a';
    const nodeA2 = recorder();
    cache.watch({ filter: filterA, fieldSelector: 'spec.nodeName=a' }, nodeA2.send);
    await store.update(key('pending'), podOn('pending', 'a'), pending.modRevision);
    await flush();
    expect(nodeA2.seen()).toEqual([['ADDED', 'pending']]);
    expect(unassigned.seen()).toEqual([
      ['ADDED', 'pending'],
      ['DELETED', 'pending'],
    ]);
    expect(nodeB.seen()).toEqual([['ADDED', 'on-b']]);
    expect(nodeA.seen().map(([, name]) => name)).toEqual(['pending']); // never on-b
    cache.stop();
  });

  it('keeps indexing by namespace for selectors that do not pin spec.nodeName', async () => {
    const store = new MemoryStore();
    const cache = new WatchCache({ store, info, clock: new FakeClock() });
    await cache.start();
    const notOnA = recorder();
    cache.watch({ filter: () => true, namespace: 'a', fieldSelector: 'spec.nodeName!=x' }, notOnA.send);
    await store.create('/registry/pods/b/one', JSON.stringify({ metadata: { name: 'one', namespace: 'b' } }));
    await store.create('/registry/pods/a/two', JSON.stringify({ metadata: { name: 'two', namespace: 'a' } }));
    await flush();
    expect(notOnA.seen()).toEqual([['ADDED', 'two']]);
    cache.stop();
  });
});
