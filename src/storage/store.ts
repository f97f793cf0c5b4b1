// The storage contract: a revisioned key-value store with compare-and-swap and ordered watch.
// Only src/registry and src/apiserver may import this layer (DESIGN.md §7). Every backend passes the
// one conformance suite in ./conformance.ts. Keys follow Kubernetes: /registry/<resource>/<namespace>/<name>.

/** One key's current state. Revisions are global, strictly increasing integers (etcd's semantics). */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the change that wrote this value (the object's resourceVersion). */
  modRevision: number;
  /** Revision at which the key was (last) created. */
  createRevision: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The store revision the list was read at: a watch from here misses nothing and repeats nothing. */
  revision: number;
}

export type StoreEventType = 'create' | 'update' | 'delete';

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  /** The new value; for 'delete' the last value the key held. */
  value: string;
  /** The value before this change (absent on 'create'). */
  prevValue?: string;
  /** Revision of this change. */
  revision: number;
}

export interface Watcher {
  /** Stops delivery. Idempotent; no callback runs after it returns. */
  stop(): void;
}

/**
 * 'NoSpace': the write was refused because the backend is out of space (sqlite: the data directory's
 * filesystem is full; etcd: the NOSPACE alarm, "database space exceeded"). Nothing was written; reads and
 * watches still work; the same write succeeds once an operator has made room (the message says how).
 */
export type StorageErrorCode =
  'KeyExists' | 'NotFound' | 'Conflict' | 'TooOld' | 'Unavailable' | 'NoSpace' | 'Closed';

/** Every backend failure, translated at the boundary. The registry maps these onto StatusErrors. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message?: string,
    /** On 'Conflict': the key's current state, so a caller can retry without another read. */
    readonly current?: KeyValue,
  ) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
  }
}

export const isStorageError = (e: unknown, code?: StorageErrorCode): e is StorageError =>
  e instanceof StorageError && (code === undefined || e.code === code);

export interface ListOptions {
  /** Read the prefix as it was at this revision (fails with 'TooOld' if compacted away). Default: now. */
  revision?: number;
}

export interface Store {
  /** The key's current value, or undefined. */
  get(key: string): Promise<KeyValue | undefined>;

  /** Every key under prefix (sorted by key), and the revision read at. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /** Writes key only if absent. Throws StorageError 'KeyExists'. */
  create(key: string, value: string): Promise<KeyValue>;

  /**
   * Replaces key's value only if its modRevision is still expectedRevision.
   * Throws 'NotFound' if absent, 'Conflict' (with the current value) if changed. Safe to retry after re-reading.
   */
  update(key: string, value: string, expectedRevision: number): Promise<KeyValue>;

  /**
   * Deletes key, guarded by expectedRevision when given. Returns the last value, with modRevision set to
   * the revision of the deletion. Throws 'NotFound' or 'Conflict' (with the current value).
   */
  delete(key: string, expectedRevision?: number): Promise<KeyValue>;

  /**
   * Delivers every change under prefix with revision > afterRevision, exactly once, in revision order.
   * If afterRevision is older than the compacted revision, onError gets 'TooOld' (and nothing else comes).
   * A backend that loses its connection reports 'Unavailable' through onError; the watcher is then dead.
   */
  watch(
    prefix: string,
    afterRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError: (error: StorageError) => void,
  ): Watcher;

  /** The newest revision in the store. */
  currentRevision(): Promise<number>;

  /** Forgets history at and below revision; watches and lists from there on fail with 'TooOld'. */
  compact(revision: number): Promise<void>;

  /** Releases resources. Acknowledged writes are durable. Further calls fail with 'Closed'. */
  close(): Promise<void>;
}
