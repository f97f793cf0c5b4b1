// SqliteStore: the embedded Store. Reads go straight to the log table; writes go through group commit
// (WriteBatcher) and, once committed and synced to disk (WalSync), to the WatchHub. Reads and watches see
// durable revisions only: a change is visible exactly when its writer is answered. One process owns the file:
// watchers see the writes of this process only (docs/storage.md, "One writer").
import { realClock, type Clock } from '../../util';
import { startBackendCompactor } from '../auto-compactor';
import {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type Watcher,
} from '../store';
import { LogTable, type LatestRow } from './log-table';
import { translateSqliteError } from './sqlite-errors';
import { WalSync, type WalSyncer } from './wal-sync';
import { WatchHub, type WatchHubOptions } from './watch-hub';
import { WriteBatcher } from './write-batcher';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' (tests). WAL mode and fsync at every commit apply to files. */
  path: string;
  /** Automatic compaction keeps this many recent revisions (kine's default, 1000). 0 turns it off. */
  compactWindow?: number;
  /** How often automatic compaction runs (default 5 minutes, as the Kubernetes apiserver does). */
  compactIntervalMs?: number;
  clock?: Clock;
  watch?: WatchHubOptions;
  /** Most writes committed in one transaction. */
  maxBatch?: number;
  /** Makes commits durable (default: a WalSync on the file's log). Tests put one in that fails. */
  walSync?: WalSyncer;
}

const COMPACT_STEP = 1000;

export class SqliteStore implements Store {
  private readonly table: LogTable;
  private readonly hub: WatchHub;
  private readonly batcher: WriteBatcher;
  private readonly stopCompactor: () => void;
  private readonly wal?: WalSyncer;
  private readonly path: string;
  private unpublished: StoreEvent[] = [];
  /** The newest revision that is on disk and published: the limit of what reads and watches see. */
  private durableRevision: number;
  /** Set when an fsync failed: the log's tail on disk is then unknown, and no write is taken until
   *  recoverFromSyncFailure has put the file back to the acknowledged state. Reads go on (they stop at
   *  durableRevision). */
  private syncFailure?: Error;
  private recovering?: Promise<void>;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    const inMemory = options.path === ':memory:' || options.path === '';
    this.table = new LogTable(options.path, inMemory ? 'full' : 'wal-synced-by-caller');
    this.path = options.path;
    if (!inMemory) this.wal = options.walSync ?? new WalSync(options.path);
    this.durableRevision = this.table.currentRevision();
    const table = this.table;
    this.hub = new WatchHub(
      {
        readLog: (prefix, after, limit) => {
          const cap = this.durableRevision;
          return table.readLog(prefix, after, limit).filter((e) => e.revision <= cap);
        },
        currentRevision: () => this.durableRevision,
        compactRevision: () => table.compactRevision(),
      },
      options.watch,
    );
    const txn = this.table.db.transaction((fn: () => void) => fn());
    this.batcher = new WriteBatcher(
      (fn) => {
        try {
          txn.immediate(fn);
        } catch (e) {
          this.unpublished = [];
          throw e;
        }
      },
      () => {
        const events = this.unpublished;
        this.unpublished = [];
        return () => {
          if (events.length) this.durableRevision = events[events.length - 1]!.revision;
          this.hub.publish(events);
        };
      },
      () => this.sync(),
      options.maxBatch,
      (error, phase) =>
        translateSqliteError(error, phase === 'commit' ? 'write' : 'sync of the write-ahead log', this.path),
    );
    this.stopCompactor = startBackendCompactor(this, options, realClock);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen(key);
    const row = this.table.latestAt(key, this.durableRevision);
    return row && !row.deleted ? toKeyValue(key, row) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.checkOpen(prefix);
    const current = this.durableRevision;
    const revision = Math.min(options.revision ?? current, current);
    if (revision < this.table.compactRevision()) {
      throw new StorageError('TooOld', prefix, `too old resource version: ${revision}`);
    }
    return { items: this.table.listAt(prefix, revision), revision };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    return this.submit(key, () => {
      const prev = this.table.latest(key);
      if (prev && !prev.deleted) throw new StorageError('KeyExists', key, `key already exists: ${key}`);
      const revision = this.table.append(key, 'create', value, prev);
      this.unpublished.push({ type: 'create', key, value, revision });
      return { key, value, modRevision: revision, createRevision: revision };
    });
  }

  async update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    return this.submit(key, () => {
      const prev = this.current(key, expectedRevision);
      const revision = this.table.append(key, 'update', value, prev);
      this.unpublished.push({ type: 'update', key, value, prevValue: prev.value, revision });
      return { key, value, modRevision: revision, createRevision: prev.createRevision };
    });
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    return this.submit(key, () => {
      const prev = this.current(key, expectedRevision);
      const revision = this.table.append(key, 'delete', prev.value, prev);
      this.unpublished.push({ type: 'delete', key, value: prev.value, prevValue: prev.value, revision });
      return { key, value: prev.value, modRevision: revision, createRevision: prev.createRevision };
    });
  }

  watch(
    prefix: string,
    afterRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError: (error: StorageError) => void,
  ): Watcher {
    this.checkOpen(prefix);
    return this.hub.watch(prefix, afterRevision, onEvent, onError);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen('');
    return this.durableRevision;
  }

  /** Compacts in steps of 1000 revisions, yielding between steps so that a large compaction never stalls I/O. */
  async compact(revision: number): Promise<void> {
    this.checkOpen('');
    const target = Math.min(revision, this.durableRevision);
    let at = this.table.compactRevision();
    while (at < target && !this.closed) {
      at = Math.min(target, at + COMPACT_STEP);
      const step = at;
      try {
        this.table.db.transaction(() => this.table.compactTo(step)).immediate();
      } catch (e) {
        throw translateSqliteError(e, 'compaction', this.path);
      }
      await new Promise((r) => setImmediate(r));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.batcher.flush(); // queued writes were promised an answer: commit them first
    this.closed = true;
    this.stopCompactor();
    await this.batcher.settled();
    // Leave the file with acknowledged writes only, if there is room to repair it now.
    if (this.syncFailure) await this.recoverFromSyncFailure().catch(() => undefined);
    this.hub.stopAll();
    await this.wal?.close();
    this.table.close();
  }

  /**
   * Everything committed so far on disk. After a failed fsync every batch not yet answered fails too, even if
   * its own fsync succeeds: Linux reports a lost write-back once, so a later success proves nothing about it.
   */
  private async sync(): Promise<void> {
    if (this.syncFailure) throw this.syncFailure;
    try {
      await this.wal?.sync();
    } catch (e) {
      this.syncFailure ??= e as Error;
      throw e;
    }
    if (this.syncFailure) throw this.syncFailure;
  }

  /** Queues a write, first repairing the file if an fsync failed (a disk that is still full fails it). */
  private submit<T>(key: string, apply: () => T): Promise<T> {
    this.checkOpen(key);
    if (!this.syncFailure) return this.batcher.submit(apply);
    return this.recoverFromSyncFailure().then(() => this.batcher.submit(apply));
  }

  /**
   * Once every batch committed so far has been answered (those after the failure with an error): removes the
   * rows above the last acknowledged revision, whose writers were told the write failed, then checkpoints the
   * log into the database file and truncates it, so the file holds exactly what was acknowledged. Writes are
   * taken again only if that worked; while the disk is still full it fails, and the next write tries again.
   */
  private recoverFromSyncFailure(): Promise<void> {
    this.recovering ??= (async () => {
      await this.batcher.settled();
      if (!this.syncFailure) return;
      try {
        const acknowledged = this.durableRevision;
        this.table.db.transaction(() => this.table.truncateAbove(acknowledged)).immediate();
        this.table.checkpointAndTruncateLog();
      } catch (e) {
        throw translateSqliteError(e, 'write', this.path);
      }
      this.syncFailure = undefined;
    })().finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  /** The key's live row if its revision matches (when one is expected); else NotFound or Conflict. */
  private current(key: string, expectedRevision: number | undefined): LatestRow {
    const row = this.table.latest(key);
    if (!row || row.deleted) throw new StorageError('NotFound', key, `key not found: ${key}`);
    if (expectedRevision !== undefined && row.id !== expectedRevision) {
      throw new StorageError(
        'Conflict',
        key,
        `the object has been modified (revision ${row.id}, expected ${expectedRevision})`,
        toKeyValue(key, row),
      );
    }
    return row;
  }

  private checkOpen(key: string): void {
    if (this.closed) throw new StorageError('Closed', key, 'the storage backend is closed');
  }
}

function toKeyValue(key: string, row: LatestRow): KeyValue {
  return { key, value: row.value, modRevision: row.id, createRevision: row.createRevision };
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
