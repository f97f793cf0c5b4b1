// An in-memory Store (src/storage/store.ts) for fast unit tests of the registry and apiserver.
// It keeps the current state, the state at the last compaction and the log of changes since, so that
// lists at an old revision and watches from an old revision behave as the real backends do.
// Watch callbacks are delivered asynchronously (microtasks), like sqlite's poller and etcd's stream.
import {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type Watcher,
} from '../store';

interface LogEntry {
  event: StoreEvent;
  /** The key's state after the change (undefined after a delete). */
  after?: KeyValue;
}

interface MemoryWatcher {
  owner: MemoryStore;
  prefix: string;
  queue: StoreEvent[];
  scheduled: boolean;
  stopped: boolean;
  onEvent: (event: StoreEvent) => void;
}

/** The data, shared by every MemoryStore opened on it (reopen() after close() sees the same keys). */
class MemoryData {
  current = new Map<string, KeyValue>();
  /** State as of `compacted`; replaying `log` over it gives any later revision. */
  base = new Map<string, KeyValue>();
  log: LogEntry[] = [];
  revision = 0;
  compacted = 0;
  watchers = new Set<MemoryWatcher>();
}

export class MemoryStore implements Store {
  private closed = false;

  constructor(private readonly d = new MemoryData()) {}

  /** Another store on the same data, as reopening a database file would give. */
  reopen(): MemoryStore {
    return new MemoryStore(this.d);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.check(key);
    const kv = this.d.current.get(key);
    return kv && { ...kv };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.check(prefix);
    const at = options.revision ?? this.d.revision;
    if (at < this.d.compacted) throw new StorageError('TooOld', prefix, `revision ${at} has been compacted`);
    const state = at >= this.d.revision ? this.d.current : this.stateAt(at);
    const items = [...state.values()]
      .filter((kv) => kv.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((kv) => ({ ...kv }));
    return { items, revision: Math.min(at, this.d.revision) };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.check(key);
    if (this.d.current.has(key)) throw new StorageError('KeyExists', key);
    const rev = ++this.d.revision;
    const kv: KeyValue = { key, value, modRevision: rev, createRevision: rev };
    this.commit({ type: 'create', key, value, revision: rev }, kv);
    return { ...kv };
  }

  async update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    this.check(key);
    const old = this.d.current.get(key);
    if (!old) throw new StorageError('NotFound', key);
    if (old.modRevision !== expectedRevision) throw new StorageError('Conflict', key, undefined, { ...old });
    const rev = ++this.d.revision;
    const kv: KeyValue = { key, value, modRevision: rev, createRevision: old.createRevision };
    this.commit({ type: 'update', key, value, prevValue: old.value, revision: rev }, kv);
    return { ...kv };
  }

  async delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    this.check(key);
    const old = this.d.current.get(key);
    if (!old) throw new StorageError('NotFound', key);
    if (expectedRevision !== undefined && old.modRevision !== expectedRevision)
      throw new StorageError('Conflict', key, undefined, { ...old });
    const rev = ++this.d.revision;
    this.commit({ type: 'delete', key, value: old.value, prevValue: old.value, revision: rev }, undefined);
    return { ...old, modRevision: rev };
  }

  watch(
    prefix: string,
    afterRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError: (error: StorageError) => void,
  ): Watcher {
    const w: MemoryWatcher = { owner: this, prefix, queue: [], scheduled: false, stopped: false, onEvent };
    const stop = () => {
      w.stopped = true;
      this.d.watchers.delete(w);
    };
    this.check(prefix);
    if (afterRevision < this.d.compacted) {
      const err = new StorageError('TooOld', prefix, `revision ${afterRevision} has been compacted`);
      queueMicrotask(() => !w.stopped && onError(err));
      return { stop };
    }
    for (const entry of this.d.log) {
      if (entry.event.revision > afterRevision && entry.event.key.startsWith(prefix))
        w.queue.push(entry.event);
    }
    this.d.watchers.add(w);
    this.schedule(w);
    return { stop };
  }

  async currentRevision(): Promise<number> {
    this.check('');
    return this.d.revision;
  }

  async compact(revision: number): Promise<void> {
    this.check('');
    if (revision <= this.d.compacted) return;
    const upTo = Math.min(revision, this.d.revision);
    this.d.base = this.stateAt(upTo);
    this.d.log = this.d.log.filter((e) => e.event.revision > upTo);
    this.d.compacted = upTo;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.d.watchers) {
      if (w.owner !== this) continue;
      w.stopped = true;
      this.d.watchers.delete(w);
    }
  }

  private check(key: string): void {
    if (this.closed) throw new StorageError('Closed', key, 'store is closed');
  }

  private stateAt(revision: number): Map<string, KeyValue> {
    const state = new Map(this.d.base);
    for (const { event, after } of this.d.log) {
      if (event.revision > revision) break;
      if (after) state.set(event.key, after);
      else state.delete(event.key);
    }
    return state;
  }

  private commit(event: StoreEvent, after: KeyValue | undefined): void {
    if (after) this.d.current.set(event.key, after);
    else this.d.current.delete(event.key);
    this.d.log.push({ event, after });
    for (const w of this.d.watchers) {
      if (!event.key.startsWith(w.prefix)) continue;
      w.queue.push(event);
      this.schedule(w);
    }
  }

  private schedule(w: MemoryWatcher): void {
    if (w.scheduled || w.queue.length === 0) return;
    w.scheduled = true;
    queueMicrotask(() => {
      w.scheduled = false;
      while (!w.stopped && w.queue.length) w.onEvent({ ...w.queue.shift()! });
    });
  }
}

/** A fresh, empty in-memory store. */
export function createMemoryStore(): Store {
  return new MemoryStore();
}
