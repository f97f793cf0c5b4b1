// The storage conformance suite: the behaviour every Store backend must show, run by each backend's test
// file (sqlite/sqlite.test.ts, etcd/etcd.test.ts). Tests only: it imports vitest, so index.ts does not export it.
import { describe, expect, it } from 'vitest';
import {
  isStorageError,
  type StorageError,
  type StorageErrorCode,
  type Store,
  type StoreEvent,
} from './store';

export interface StoreHarness {
  /** A fresh, empty store (its own file, or its own key prefix). */
  store: Store;
  /** Closes the open store and opens another on the same data: the same file, or a new etcd client. */
  reopen(): Promise<Store>;
  /** Closes whatever is open and removes the data. */
  cleanup(): Promise<void>;
}

async function expectCode<T>(call: Promise<T>, code: StorageErrorCode): Promise<StorageError> {
  const err = await call.then(
    (v) => new Error(`expected StorageError '${code}', got a result: ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
  if (!isStorageError(err, code)) throw err;
  return err;
}

/** Records a watch; waitFor resolves once an event at or past revision arrives (or the watch fails). */
function record(store: Store, prefix: string, after: number) {
  const events: StoreEvent[] = [];
  const errors: StorageError[] = [];
  let wake = (): void => {};
  const watcher = store.watch(
    prefix,
    after,
    (e) => {
      events.push(e);
      wake();
    },
    (e) => {
      errors.push(e);
      wake();
    },
  );
  const done = (revision: number) => errors.length > 0 || (events.at(-1)?.revision ?? 0) >= revision;
  const waitFor = (revision: number, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (done(revision)) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`watch saw ${events.length} events, none at revision ${revision}`)),
        timeoutMs,
      );
      wake = () => {
        if (!done(revision)) return;
        clearTimeout(timer);
        resolve();
      };
    });
  return { events, errors, watcher, waitFor };
}

export function runStoreConformance(name: string, newStore: () => Promise<StoreHarness>): void {
  const withStore = (title: string, body: (h: StoreHarness) => Promise<void>) =>
    it(title, async () => {
      const h = await newStore();
      try {
        await body(h);
      } finally {
        await h.cleanup();
      }
    });

  describe(`Store conformance: ${name}`, () => {
    withStore('creates a key only if it is absent', async ({ store }) => {
      const kv = await store.create('/registry/pods/default/a', '{"v":1}');
      expect(kv).toMatchObject({ key: '/registry/pods/default/a', value: '{"v":1}' });
      expect(kv.modRevision).toBeGreaterThan(0);
      expect(kv.createRevision).toBe(kv.modRevision);
      await expectCode(store.create('/registry/pods/default/a', '{"v":2}'), 'KeyExists');
      expect(await store.get('/registry/pods/default/a')).toEqual(kv);
    });

    withStore('gets undefined for a missing key', async ({ store }) => {
      expect(await store.get('/registry/pods/default/missing')).toBeUndefined();
    });

    withStore('updates and deletes only at the expected revision', async ({ store }) => {
      const key = '/registry/pods/default/cas';
      const v1 = await store.create(key, 'one');
      const v2 = await store.update(key, 'two', v1.modRevision);
      expect(v2.modRevision).toBeGreaterThan(v1.modRevision);
      expect(v2.createRevision).toBe(v1.createRevision);

      const stale = await expectCode(store.update(key, 'three', v1.modRevision), 'Conflict');
      expect(stale.current).toEqual(v2);
      const staleDelete = await expectCode(store.delete(key, v1.modRevision), 'Conflict');
      expect(staleDelete.current).toEqual(v2);
      await expectCode(store.update('/registry/pods/default/none', 'x', v1.modRevision), 'NotFound');
      await expectCode(store.delete('/registry/pods/default/none'), 'NotFound');

      const gone = await store.delete(key, v2.modRevision);
      expect(gone).toMatchObject({ key, value: 'two', createRevision: v1.createRevision });
      expect(gone.modRevision).toBeGreaterThan(v2.modRevision);
      expect(await store.get(key)).toBeUndefined();
      await expectCode(store.update(key, 'again', v2.modRevision), 'NotFound');
      await expectCode(store.delete(key), 'NotFound');

      const reborn = await store.create(key, 'new');
      expect(reborn.createRevision).toBeGreaterThan(gone.modRevision);
      await store.delete(key); // unguarded delete
      expect(await store.get(key)).toBeUndefined();
    });

    withStore('lists the keys under a prefix, sorted, with the revision read at', async ({ store }) => {
      for (const n of ['c', 'a', 'b']) await store.create(`/registry/pods/ns1/${n}`, n);
      await store.create('/registry/pods/ns10/x', 'x'); // shares the text prefix "/registry/pods/ns1"
      await store.create('/registry/services/ns1/a', 's');
      const list = await store.list('/registry/pods/ns1/');
      expect(list.items.map((kv) => [kv.key, kv.value])).toEqual([
        ['/registry/pods/ns1/a', 'a'],
        ['/registry/pods/ns1/b', 'b'],
        ['/registry/pods/ns1/c', 'c'],
      ]);
      expect(list.revision).toBe(await store.currentRevision());
      expect(list.items[0]).toEqual(await store.get('/registry/pods/ns1/a'));
      expect((await store.list('/registry/pods/')).items).toHaveLength(4);
      expect((await store.list('/registry/nodes/')).items).toEqual([]);
    });

    withStore('lists a prefix as it was at an older revision', async ({ store }) => {
      const a = await store.create('/registry/pods/ns/a', 'a1');
      const b = await store.create('/registry/pods/ns/b', 'b1');
      const then = await store.list('/registry/pods/ns/');
      await store.update('/registry/pods/ns/a', 'a2', a.modRevision);
      await store.delete('/registry/pods/ns/b', b.modRevision);
      await store.create('/registry/pods/ns/c', 'c1');
      const old = await store.list('/registry/pods/ns/', { revision: then.revision });
      expect(old).toEqual(then);
      const now = await store.list('/registry/pods/ns/');
      expect(now.items.map((kv) => kv.value)).toEqual(['a2', 'c1']);
    });

    withStore(
      'delivers every change to every watcher exactly once, in order, under 16 writers',
      async ({ store }) => {
        const prefix = '/registry/pods/';
        const start = await store.currentRevision();
        const early = [record(store, prefix, start), record(store, prefix, start)];
        const acked: StoreEvent[] = [];
        // Each writer creates, updates and deletes its own keys; a 17th writes outside the prefix.
        const writer = async (w: number, round: number) => {
          for (let j = 0; j < 2; j++) {
            const key = `${prefix}ns/w${w}-r${round}-${j}`;
            const c = await store.create(key, `c${j}`);
            acked.push({ type: 'create', key, value: `c${j}`, revision: c.modRevision });
            const u = await store.update(key, `u${j}`, c.modRevision);
            acked.push({ type: 'update', key, value: `u${j}`, prevValue: `c${j}`, revision: u.modRevision });
            if (j === 0) {
              const d = await store.delete(key, u.modRevision);
              acked.push({
                type: 'delete',
                key,
                value: `u${j}`,
                prevValue: `u${j}`,
                revision: d.modRevision,
              });
            }
          }
        };
        const outsider = async (round: number) => {
          for (let j = 0; j < 5; j++) await store.create(`/registry/services/ns/s${round}-${j}`, 'x');
        };
        const writers = (round: number) =>
          Promise.all([...Array.from({ length: 16 }, (_, w) => writer(w, round)), outsider(round)]);
        await writers(0);
        // A late watcher replays round 0 from the log, then must continue live without a gap or a repeat.
        const late = record(store, prefix, start);
        const concurrent = record(store, prefix, start);
        await writers(1);
        acked.sort((x, y) => x.revision - y.revision);
        const last = acked.at(-1)!.revision;
        for (const w of [...early, late, concurrent]) {
          await w.waitFor(last);
          expect(w.errors).toEqual([]);
          expect(w.events).toEqual(acked);
          w.watcher.stop();
        }
      },
    );

    withStore('fails watches and lists from before a compaction with TooOld', async ({ store }) => {
      const key = '/registry/pods/ns/c';
      const v1 = await store.create(key, '1');
      const v2 = await store.update(key, '2', v1.modRevision);
      const v3 = await store.update(key, '3', v2.modRevision);
      await store.compact(v3.modRevision);

      await expectCode(store.list('/registry/pods/', { revision: v1.modRevision }), 'TooOld');
      const tooOld = record(store, '/registry/pods/', v1.modRevision);
      await tooOld.waitFor(Number.MAX_SAFE_INTEGER);
      expect(tooOld.errors.map((e) => e.code)).toEqual(['TooOld']);
      expect(tooOld.events).toEqual([]);

      expect((await store.list('/registry/pods/', { revision: v3.modRevision })).items).toEqual([v3]);
      const fresh = record(store, '/registry/pods/', v3.modRevision);
      const v4 = await store.update(key, '4', v3.modRevision);
      await fresh.waitFor(v4.modRevision);
      expect(fresh.events).toEqual([
        { type: 'update', key, value: '4', prevValue: '3', revision: v4.modRevision },
      ]);
      fresh.watcher.stop();
    });

    withStore(
      'lets exactly one of 32 racing read-modify-write loops win each revision',
      async ({ store }) => {
        const key = '/registry/counters/ns/c';
        const start = await store.create(key, '0');
        const watch = record(store, key, start.modRevision);
        const wins: number[] = [];
        const increment = async () => {
          let kv = (await store.get(key))!;
          for (;;) {
            try {
              const next = await store.update(key, String(Number(kv.value) + 1), kv.modRevision);
              wins.push(next.modRevision);
              return;
            } catch (err) {
              if (!isStorageError(err, 'Conflict') || !err.current) throw err;
              kv = err.current; // the conflict carries the current value: no extra read
            }
          }
        };
        await Promise.all(Array.from({ length: 32 }, increment));
        const final = (await store.get(key))!;
        expect(final.value).toBe('32');
        expect(new Set(wins).size).toBe(32);
        await watch.waitFor(final.modRevision);
        expect(watch.events.map((e) => e.value)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1)));
        expect(watch.events.map((e) => e.revision)).toEqual([...wins].sort((a, b) => a - b));
        watch.watcher.stop();
      },
    );

    withStore('gives delete events the last value the key held', async ({ store }) => {
      const key = '/registry/pods/ns/d';
      const c = await store.create(key, 'first');
      const u = await store.update(key, 'last', c.modRevision);
      const watch = record(store, '/registry/pods/', u.modRevision);
      const d = await store.delete(key);
      await watch.waitFor(d.modRevision);
      expect(watch.events).toEqual([
        { type: 'delete', key, value: 'last', prevValue: 'last', revision: d.modRevision },
      ]);
      watch.watcher.stop();
    });

    withStore('stops delivering once a watcher is stopped', async ({ store }) => {
      const start = await store.currentRevision();
      const stopped = record(store, '/registry/pods/', start);
      const running = record(store, '/registry/pods/', start);
      const a = await store.create('/registry/pods/ns/a', 'a');
      await stopped.waitFor(a.modRevision);
      stopped.watcher.stop();
      stopped.watcher.stop(); // idempotent
      const b = await store.create('/registry/pods/ns/b', 'b');
      await running.waitFor(b.modRevision);
      expect(stopped.events.map((e) => e.key)).toEqual(['/registry/pods/ns/a']);
      running.watcher.stop();
    });

    withStore('keeps every acknowledged write across close and reopen', async (h) => {
      const { store } = h;
      const writes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.create(`/registry/pods/ns/p${String(i).padStart(2, '0')}`, `${i}`),
        ),
      );
      await store.update(writes[0]!.key, 'updated', writes[0]!.modRevision);
      await store.delete(writes[1]!.key);
      const before = await store.list('/registry/');
      const reopened = await h.reopen();
      expect(await reopened.list('/registry/')).toEqual(before);
      expect(await reopened.currentRevision()).toBe(before.revision);
      expect((await reopened.get(writes[0]!.key))?.value).toBe('updated');
      const next = await reopened.create('/registry/pods/ns/after', 'x');
      expect(next.modRevision).toBeGreaterThan(before.revision);
    });

    withStore('fails every call after close with Closed', async ({ store }) => {
      const kv = await store.create('/registry/pods/ns/a', 'a');
      await store.close();
      await store.close(); // idempotent
      await expectCode(store.get(kv.key), 'Closed');
      await expectCode(store.list('/registry/'), 'Closed');
      await expectCode(store.create('/registry/pods/ns/b', 'b'), 'Closed');
      await expectCode(store.update(kv.key, 'x', kv.modRevision), 'Closed');
      await expectCode(store.delete(kv.key), 'Closed');
      await expectCode(store.currentRevision(), 'Closed');
      await expectCode(store.compact(kv.modRevision), 'Closed');
      expect(() =>
        store.watch(
          '/registry/',
          0,
          () => {},
          () => {},
        ),
      ).toThrow(expect.objectContaining({ code: 'Closed' }));
    });
  });
}
