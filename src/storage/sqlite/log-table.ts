// LogTable: the SQLite file and every SQL statement of the sqlite backend (kine's design).
// One append-only table `kv`: each change is a row, the row id is the revision, and a key's current state is
// its newest row. Everything here is synchronous (better-sqlite3); callers decide about transactions.
import Database from 'better-sqlite3';
import type { KeyValue, StoreEvent } from '../store';
import { prefixEnd } from './prefix-range';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- the revision; AUTOINCREMENT never reuses an id, even after compaction
  name TEXT NOT NULL,                    -- the key
  created INTEGER NOT NULL,              -- 1 on the row that created the key
  deleted INTEGER NOT NULL,              -- 1 on a tombstone
  create_revision INTEGER NOT NULL,      -- 0 on a create row (its own id is the create revision)
  prev_revision INTEGER NOT NULL,        -- id of the row this one supersedes, 0 if none
  value TEXT NOT NULL,                   -- new value; on a tombstone the last value
  old_value TEXT                         -- value before this change, so compaction never loses prevValue
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** A key's newest row, as CAS needs it. */
export interface LatestRow {
  id: number;
  deleted: number;
  createRevision: number;
  value: string;
}

interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  value: string;
  old_value: string | null;
}

const CREATE_REV = 'CASE WHEN created = 1 THEN id ELSE create_revision END';

export class LogTable {
  readonly db: Database.Database;
  private readonly stmts;

  /**
   * @param durability 'full': SQLite fsyncs the WAL inside every commit. 'wal-synced-by-caller': commits only
   *   write the WAL (synchronous = NORMAL) and the caller fsyncs it before acknowledging anything (./wal-sync);
   *   either way an acknowledged write survives power loss, not just a crash.
   */
  constructor(path: string, durability: 'full' | 'wal-synced-by-caller' = 'full') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmts = {
      latest: db.prepare<[string], LatestRow>(
        `SELECT id, deleted, ${CREATE_REV} AS createRevision, value FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`,
      ),
      latestAt: db.prepare<[string, number], LatestRow>(
        `SELECT id, deleted, ${CREATE_REV} AS createRevision, value FROM kv WHERE name = ? AND id <= ?
         ORDER BY id DESC LIMIT 1`,
      ),
      insert: db.prepare(
        `INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value, old_value)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      revision: db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'kv'`),
      compactRev: db.prepare<[], { value: number }>(`SELECT value FROM meta WHERE name = 'compact_revision'`),
      setCompactRev: db.prepare(
        `INSERT INTO meta (name, value) VALUES ('compact_revision', ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      ),
      listRange: db.prepare<[string, string, number], KeyValueRow>(listSql('name >= ? AND name < ?')),
      listAll: db.prepare<[number], KeyValueRow>(listSql('1')),
      logRange: db.prepare<[number, string, string, number], LogRow>(logSql('AND name >= ? AND name < ?')),
      logAll: db.prepare<[number, number], LogRow>(logSql('')),
      truncateAbove: db.prepare(`DELETE FROM kv WHERE id > ?`),
      setRevision: db.prepare(`UPDATE sqlite_sequence SET seq = ? WHERE name = 'kv'`),
      compact: db.prepare(
        `DELETE FROM kv WHERE id <= @rev AND (deleted = 1 OR id < (
           SELECT MAX(newer.id) FROM kv AS newer WHERE newer.name = kv.name AND newer.id <= @rev))`,
      ),
    };
  }

  latest(key: string): LatestRow | undefined {
    return this.stmts.latest.get(key);
  }

  /** The key's newest row at or below revision. */
  latestAt(key: string, revision: number): LatestRow | undefined {
    return this.stmts.latestAt.get(key, revision);
  }

  /** Appends one change and returns its revision. */
  append(key: string, kind: 'create' | 'update' | 'delete', value: string, prev?: LatestRow): number {
    const created = kind === 'create' ? 1 : 0;
    const deleted = kind === 'delete' ? 1 : 0;
    const info = this.stmts.insert.run(
      key,
      created,
      deleted,
      created ? 0 : (prev?.createRevision ?? 0),
      prev?.id ?? 0,
      value,
      prev && !prev.deleted ? prev.value : null,
    );
    return Number(info.lastInsertRowid);
  }

  /** The newest revision ever written (0 for an empty store). */
  currentRevision(): number {
    return this.stmts.revision.get()?.seq ?? 0;
  }

  compactRevision(): number {
    return this.stmts.compactRev.get()?.value ?? 0;
  }

  /** Every live key under prefix as of revision, sorted by key. */
  listAt(prefix: string, revision: number): KeyValue[] {
    const end = prefixEnd(prefix);
    const rows =
      end === undefined ? this.stmts.listAll.all(revision) : this.stmts.listRange.all(prefix, end, revision);
    return rows;
  }

  /** Up to limit changes under prefix with revision > after, oldest first. */
  readLog(prefix: string, after: number, limit: number): StoreEvent[] {
    const end = prefixEnd(prefix);
    const rows =
      end === undefined
        ? this.stmts.logAll.all(after, limit)
        : this.stmts.logRange.all(after, prefix, end, limit);
    return rows.map(toEvent);
  }

  /** Deletes rows superseded at or below revision, and tombstones at or below it. Call inside a transaction. */
  compactTo(revision: number): void {
    this.stmts.setCompactRev.run(revision);
    this.stmts.compact.run({ rev: revision });
  }

  /** Removes every change above revision and lets the next revision follow it. Call inside a transaction. */
  truncateAbove(revision: number): void {
    this.stmts.truncateAbove.run(revision);
    this.stmts.setRevision.run(revision);
  }

  /**
   * Copies the write-ahead log into the database file, fsyncs that, and empties the log (a file-backed
   * database only). Throws if SQLite could not finish (SQLITE_FULL while the disk is full).
   */
  checkpointAndTruncateLog(): void {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result && result.busy !== 0) throw new Error('the write-ahead log could not be checkpointed (busy)');
  }

  close(): void {
    this.db.close();
  }
}

type KeyValueRow = KeyValue;

function listSql(nameFilter: string): string {
  // The newest row per key at or below the revision; keys whose newest row is a tombstone are absent.
  return `SELECT name AS key, value, id AS modRevision, ${CREATE_REV} AS createRevision FROM kv
    WHERE id IN (SELECT MAX(id) FROM kv WHERE ${nameFilter} AND id <= ? GROUP BY name) AND deleted = 0
    ORDER BY name`;
}

function logSql(nameFilter: string): string {
  return `SELECT id, name, created, deleted, value, old_value FROM kv WHERE id > ? ${nameFilter} ORDER BY id LIMIT ?`;
}

function toEvent(row: LogRow): StoreEvent {
  const type = row.deleted ? 'delete' : row.created ? 'create' : 'update';
  const event: StoreEvent = { type, key: row.name, value: row.value, revision: row.id };
  if (row.old_value !== null) event.prevValue = row.old_value;
  return event;
}
