// WalSync: makes committed transactions durable by fsyncing the SQLite write-ahead log on libuv's thread
// pool, so the event loop keeps serving requests during the flush (an fsync takes milliseconds; with
// `synchronous = FULL` SQLite would do it inside COMMIT, on the main thread). The connection runs with
// `synchronous = NORMAL` — commits write the WAL without syncing it — and the store acknowledges a batch only
// after a sync() that began after its commit has finished: the same guarantee as FULL (docs/storage.md).
import { close, fsync, open } from 'node:fs';
import path from 'node:path';

const fsyncPath = (file: string, flags: string): Promise<void> =>
  new Promise((resolve, reject) =>
    open(file, flags, (err, fd) => {
      if (err) return reject(err);
      fsync(fd, (syncErr) => close(fd, () => (syncErr ? reject(syncErr) : resolve())));
    }),
  );

/** What SqliteStore needs of a WalSync (tests put one that fails in its place). */
export interface WalSyncer {
  sync(): Promise<void>;
  close(): Promise<void>;
}

export class WalSync implements WalSyncer {
  private fd?: Promise<number>;
  /** The sync in progress, and the one queued behind it (which covers every commit made meanwhile). */
  private running?: Promise<void>;
  private next?: Promise<void>;

  /** @param dbPath the database file; its log is `${dbPath}-wal`. */
  constructor(private readonly dbPath: string) {}

  /** Resolves once everything committed before the call is on disk; rejects if the fsync failed. */
  sync(): Promise<void> {
    if (!this.running) return (this.running = this.flushOnce());
    // One sync is under way, but it may have started before the caller's commit: wait for the one after it.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return (this.running = this.flushOnce());
      });
    return this.next;
  }

  /** Closes the log's descriptor once every sync has finished. */
  async close(): Promise<void> {
    await this.next?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    const fd = await this.fd?.catch(() => undefined);
    if (fd !== undefined) await new Promise((r) => close(fd, r));
  }

  private async flushOnce(): Promise<void> {
    try {
      const fd = await this.walFd();
      await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    } catch (e) {
      // Never keep a failed open, nor a descriptor whose fsync failed (Linux reports a write-back error once
      // per descriptor): the next sync starts over with a fresh one, so the store can recover once there is room.
      this.dropFd();
      throw e;
    } finally {
      this.running = undefined;
    }
  }

  private dropFd(): void {
    const fd = this.fd;
    this.fd = undefined;
    fd?.then((n) => close(n, () => undefined)).catch(() => undefined);
  }

  /** Opened at the first sync (the log exists once a transaction has committed). Its directory entry is made
   *  durable once too, as SQLite does for files it creates. */
  private walFd(): Promise<number> {
    this.fd ??= (async () => {
      await fsyncPath(path.dirname(this.dbPath), 'r');
      return new Promise<number>((resolve, reject) =>
        open(`${this.dbPath}-wal`, 'r+', (e, fd) => (e ? reject(e) : resolve(fd))),
      );
    })();
    return this.fd;
  }
}
