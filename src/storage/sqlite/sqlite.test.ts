// The sqlite backend: the shared conformance suite on a real file, plus what only this backend promises
// (group commit isolation, slow-watcher catch-up, paged replay, compaction that survives a restart).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../util';
import { runStoreConformance } from '../conformance';
import { isStorageError, type StorageError, type StoreEvent } from '../store';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-sqlite-'));
  dirs.push(dir);
  return path.join(dir, 'state.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runStoreConformance('sqlite', async () => {
  const file = tempFile();
  const h = {
    store: openSqliteStore({ path: file }) as SqliteStore,
    async reopen() {
      await h.store.close();
      h.store = openSqliteStore({ path: file });
      return h.store;
    },
    async cleanup() {
      await h.store.close();
    },
  };
  return h;
});

function collect(store: SqliteStore, after: number) {
  const events: StoreEvent[] = [];
  const errors: StorageError[] = [];
  const watcher = store.watch(
    '/r/',
    after,
    (e) => events.push(e),
    (e) => errors.push(e),
  );
  return { events, errors, watcher };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('sqlite store', () => {
  const open = (options: Partial<SqliteStoreOptions> = {}) =>
    openSqliteStore({ path: ':memory:', ...options });

  it('answers each write of a shared commit on its own', async () => {
    const store = open();
    const results = await Promise.allSettled([
      store.create('/r/a', '1'),
      store.create('/r/a', '2'),
      store.create('/r/b', '3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isStorageError((results[1] as PromiseRejectedResult).reason, 'KeyExists')).toBe(true);
    expect((await store.list('/r/')).items.map((kv) => kv.value)).toEqual(['1', '3']);
    await store.close();
  });

  it('brings a watcher whose queue overflowed back through the log, without loss', async () => {
    const store = open({ watch: { maxQueue: 2 } });
    const w = collect(store, 0);
    await settle(); // live now
    const writes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create(`/r/k${i}`, `${i}`)));
    await settle();
    expect(w.events.map((e) => e.revision)).toEqual(writes.map((kv) => kv.modRevision));
    await store.close();
  });

  it('replays a long history page by page', async () => {
    const store = open({ watch: { pageSize: 3 } });
    for (let i = 0; i < 10; i++) await store.create(`/r/k${i}`, `${i}`);
    const w = collect(store, 0);
    // Paged replay takes a turn per page: wait for it rather than a fixed time (the machine may be loaded).
    await vi.waitFor(() => expect(w.events).toHaveLength(10));
    await settle();
    expect(w.events.map((e) => e.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await store.close();
  });

  it('compacts on its own, keeping the configured window, and remembers it after a restart', async () => {
    const clock = new FakeClock();
    const file = tempFile();
    const store = openSqliteStore({ path: file, clock, compactWindow: 3, compactIntervalMs: 60_000 });
    let kv = await store.create('/r/a', '0');
    for (let i = 1; i < 10; i++) kv = await store.update('/r/a', `${i}`, kv.modRevision);
    clock.step(60_000);
    await settle();
    await expect(store.list('/r/', { revision: 6 })).rejects.toMatchObject({ code: 'TooOld' });
    expect((await store.list('/r/', { revision: 7 })).items[0]?.value).toBe('6');
    await store.close();

    const reopened = openSqliteStore({ path: file, compactWindow: 0 });
    const w = collect(reopened, 2);
    await settle();
    expect(w.errors.map((e) => e.code)).toEqual(['TooOld']);
    await reopened.close();
  });
});
