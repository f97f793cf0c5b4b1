// The sqlite backend when its disk is full: a write that cannot be stored (SQLITE_FULL at commit) or made
// durable (ENOSPC from fsync) answers 'NoSpace', leaves no trace (no row, no revision, no watch event), reads
// go on, and the same store takes writes again once there is room, without a restart.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStorageError, type StoreEvent } from '../store';
import { openSqliteStore, type SqliteStore } from './sqlite-store';
import { WalSync, type WalSyncer } from './wal-sync';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-sqlite-full-'));
  dirs.push(dir);
  return path.join(dir, 'state.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The real WalSync, except that the next `failures` syncs report ENOSPC after syncing. */
class FullDiskSync implements WalSyncer {
  failures = 0;
  private readonly real: WalSync;
  constructor(file: string) {
    this.real = new WalSync(file);
  }
  async sync(): Promise<void> {
    const fail = this.failures > 0;
    if (fail) this.failures--;
    await this.real.sync();
    if (fail) throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' });
  }
  close(): Promise<void> {
    return this.real.close();
  }
}

function watchAll(store: SqliteStore): StoreEvent[] {
  const events: StoreEvent[] = [];
  store.watch(
    '/registry/',
    0,
    (e) => events.push(e),
    () => undefined,
  );
  return events;
}

const turn = () => new Promise((r) => setImmediate(r));
const noSpace = (e: unknown) => isStorageError(e, 'NoSpace');
const keys = async (store: SqliteStore) => (await store.list('/registry/')).items.map((kv) => kv.key);

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('sqlite store on a full disk', () => {
  it('refuses a write the database cannot hold with NoSpace, stores nothing, and resumes once there is room', async () => {
    const file = tempFile();
    const store = openSqliteStore({ path: file, compactWindow: 0 });
    const events = watchAll(store);
    const db = store['table'].db; // SQLite's own limit stands in for a full filesystem: the same SQLITE_FULL
    await store.create('/registry/pods/default/a', 'a');
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);

    let refused: unknown;
    for (let i = 0; i < 100 && !refused; i++)
      await store.create(`/registry/pods/default/fill-${i}`, 'x'.repeat(3000)).catch((e) => (refused = e));
    expect(noSpace(refused)).toBe(true);
    expect((refused as Error).message).toMatch(
      /^storage full: the write failed because the filesystem of .*state\.db/,
    );

    const before = { keys: await keys(store), revision: await store.currentRevision() };
    await expect(store.update('/registry/pods/default/a', 'x'.repeat(9000), 1)).rejects.toSatisfy(noSpace);
    await expect(store.create('/registry/pods/default/b', 'x'.repeat(9000))).rejects.toSatisfy(noSpace);
    expect(await keys(store)).toEqual(before.keys);
    expect(await store.currentRevision()).toBe(before.revision);
    expect((await store.get('/registry/pods/default/a'))?.value).toBe('a');
    await turn();
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: before.revision }, (_, i) => i + 1));

    db.pragma('max_page_count = 1073741823');
    const b = await store.create('/registry/pods/default/b', 'x'.repeat(9000));
    expect(b.modRevision).toBe(before.revision + 1);
    await turn();
    expect(events.at(-1)).toMatchObject({ type: 'create', key: '/registry/pods/default/b' });
    await store.close();
    expect(integrity(file)).toBe('ok');
  });

  it('answers NoSpace when the log cannot be synced, removes that write, and writes again after', async () => {
    const file = tempFile();
    const wal = new FullDiskSync(file);
    const store = openSqliteStore({ path: file, compactWindow: 0, walSync: wal });
    const events = watchAll(store);
    await store.create('/registry/pods/default/a', 'a');

    wal.failures = 1;
    const b = store.create('/registry/pods/default/b', 'b');
    await turn(); // b's batch is committed and syncing; d's batch commits behind it and syncs fine itself
    const d = store.create('/registry/pods/default/d', 'd');
    await expect(b).rejects.toSatisfy(noSpace);
    await expect(b).rejects.toThrow(/sync of the write-ahead log failed .*ENOSPC/);
    // Linux reports a lost write-back once: d's own sync succeeding proves nothing, so d fails too.
    await expect(d).rejects.toSatisfy(noSpace);
    expect(await keys(store)).toEqual(['/registry/pods/default/a']);
    expect(await store.get('/registry/pods/default/b')).toBeUndefined();
    expect(await store.currentRevision()).toBe(1);

    const c = await store.create('/registry/pods/default/c', 'c');
    expect(c.modRevision).toBe(2); // the failed writes' revisions were never seen by anyone
    await turn();
    expect(events.map((e) => `${e.type} ${e.key} ${e.revision}`)).toEqual([
      'create /registry/pods/default/a 1',
      'create /registry/pods/default/c 2',
    ]);
    await store.close();

    expect(integrity(file)).toBe('ok');
    const reopened = openSqliteStore({ path: file, compactWindow: 0 });
    expect(await keys(reopened)).toEqual(['/registry/pods/default/a', '/registry/pods/default/c']);
    expect(await reopened.currentRevision()).toBe(2);
    await reopened.close();
  });
});
