// EtcdStore: the Store on etcd v3. Compare-and-swap is an etcd transaction on the key's create/mod revision,
// lists read at one revision (the response header's), and watches are etcd's own (EtcdWatch).
// Every key is stored under the store's prefix, so several stores (or test cases) can share one etcd.
import { circuitBreaker, ConsecutiveBreaker, handleWhen, retry } from 'cockatiel';
import { Etcd3, Range, type IKeyValue, type IRequestOp, type ITxnResponse } from 'etcd3';
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
import { FUTURE_REVISION, isCompactedError, isMemberFailure, translateEtcdError } from './etcd-errors';
import { CallDeadlines } from './call-deadline';
import { EtcdWatch } from './etcd-watch';

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. Several members: calls fail over between them. */
  endpoints: string[];
  /** Prepended to every key in etcd (default ''). */
  prefix?: string;
  /** Deadline of each call (default 10 s); a call past it fails with 'Unavailable'. */
  callTimeoutMs?: number;
  /** Automatic compaction keeps this many recent revisions (default 1000). 0 turns it off. */
  compactWindow?: number;
  compactIntervalMs?: number;
  clock?: Clock;
}

export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly watchers = new Set<EtcdWatch>();
  private readonly stopCompactor: () => void;
  private readonly deadlines: CallDeadlines;
  private closed = false;

  constructor(options: EtcdStoreOptions) {
    const timeout = options.callTimeoutMs ?? 10_000;
    this.client = new Etcd3({
      hosts: options.endpoints,
      dialTimeout: timeout,
      // gRPC's default 4 MiB receive limit fails any list of a few thousand objects (kube-apiserver lifts it too).
      grpcOptions: { 'grpc.max_receive_message_length': -1 },
      // etcd3's default breaker shuts a member out for 5 s after three failed calls; when the leader dies the calls
      // in flight fail on the survivors too, so writes stopped for 5 s although a new leader is elected in ~1 s.
      // NOSPACE (gRPC RESOURCE_EXHAUSTED) counts as "recoverable" to etcd3: it would be retried three times and
      // open the breaker, failing reads too while etcd is full. It is an answer, not a sick member: neither.
      faultHandling: {
        host: () =>
          circuitBreaker(handleWhen(isMemberFailure), {
            halfOpenAfter: 1000,
            breaker: new ConsecutiveBreaker(3),
          }),
        global: retry(handleWhen(isMemberFailure), { maxAttempts: 3 }),
      },
    });
    this.deadlines = new CallDeadlines(timeout, options.clock ?? realClock);
    this.prefix = options.prefix ?? '';
    this.stopCompactor = startBackendCompactor(this, options, realClock);
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.call(key, async () => {
      const res = await this.client.kv.range({ key: this.k(key) });
      const kv = res.kvs[0];
      return kv && this.toKeyValue(kv);
    });
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    return this.call(prefix, async () => {
      const range = Range.prefix(this.prefix + prefix);
      const read = (revision?: number) =>
        this.client.kv.range({ key: range.start, range_end: range.end, revision });
      let res;
      try {
        res = await read(options.revision);
      } catch (err) {
        // A revision newer than the store's reads the current state, as the sqlite backend does.
        if (!(err instanceof Error && err.message.includes(FUTURE_REVISION))) throw err;
        res = await read();
      }
      const current = Number(res.header.revision);
      const revision = Math.min(options.revision ?? current, current);
      return { items: res.kvs.map((kv) => this.toKeyValue(kv)), revision };
    });
  }

  create(key: string, value: string): Promise<KeyValue> {
    return this.call(key, async () => {
      const res = await this.client.kv.txn({
        compare: [{ key: this.k(key), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: this.k(key), value: Buffer.from(value) } }],
      });
      if (!res.succeeded) throw new StorageError('KeyExists', key, `key already exists: ${key}`);
      const revision = Number(res.header.revision);
      return { key, value, modRevision: revision, createRevision: revision };
    });
  }

  update(key: string, value: string, expectedRevision: number): Promise<KeyValue> {
    return this.call(key, async () => {
      const res = await this.guarded(key, expectedRevision, [
        { request_put: { key: this.k(key), value: Buffer.from(value) } },
        // Read back in the same transaction, without the value, to learn the create revision.
        { request_range: { key: this.k(key), keys_only: true } },
      ]);
      const kv = res.responses[1]!.response_range.kvs[0]!;
      return {
        key,
        value,
        modRevision: Number(res.header.revision),
        createRevision: Number(kv.create_revision),
      };
    });
  }

  delete(key: string, expectedRevision?: number): Promise<KeyValue> {
    return this.call(key, async () => {
      const res = await this.guarded(key, expectedRevision, [
        { request_delete_range: { key: this.k(key), prev_kv: true } },
      ]);
      const prev = res.responses[0]!.response_delete_range.prev_kvs[0]!;
      return {
        key,
        value: prev.value.toString(),
        modRevision: Number(res.header.revision),
        createRevision: Number(prev.create_revision),
      };
    });
  }

  watch(
    prefix: string,
    afterRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError: (error: StorageError) => void,
  ): Watcher {
    this.checkOpen(prefix);
    const target = { client: this.client, etcdPrefix: this.prefix + prefix, stripLength: this.prefix.length };
    const w = new EtcdWatch(target, afterRevision, onEvent, onError, (stopped) =>
      this.watchers.delete(stopped),
    );
    this.watchers.add(w);
    return w;
  }

  currentRevision(): Promise<number> {
    return this.call('', async () => {
      const res = await this.client.kv.range({ key: Buffer.from(this.prefix || '\0'), count_only: true });
      return Number(res.header.revision);
    });
  }

  compact(revision: number): Promise<void> {
    return this.call('', async () => {
      const target = Math.min(revision, await this.currentRevision());
      try {
        await this.client.kv.compact({ revision: target });
      } catch (err) {
        if (!isCompactedError(err)) throw err; // already compacted at or past target: nothing to do
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopCompactor();
    this.deadlines.stop();
    for (const w of [...this.watchers]) w.stop();
    this.client.close();
  }

  /** A write guarded by the key's mod revision (or, without one, by its existence); NotFound/Conflict if not. */
  private async guarded(
    key: string,
    expectedRevision: number | undefined,
    ops: IRequestOp[],
  ): Promise<ITxnResponse> {
    const compare =
      expectedRevision === undefined
        ? { key: this.k(key), target: 'Create' as const, result: 'Greater' as const, create_revision: 0 }
        : {
            key: this.k(key),
            target: 'Mod' as const,
            result: 'Equal' as const,
            mod_revision: expectedRevision,
          };
    const res = await this.client.kv.txn({
      compare: [compare],
      success: ops,
      failure: [{ request_range: { key: this.k(key) } }],
    });
    if (res.succeeded) return res;
    const current = res.responses[0]?.response_range.kvs[0];
    if (!current) throw new StorageError('NotFound', key, `key not found: ${key}`);
    throw new StorageError(
      'Conflict',
      key,
      `the object has been modified (revision ${current.mod_revision}, expected ${expectedRevision})`,
      this.toKeyValue(current),
    );
  }

  private async call<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.checkOpen(key);
    try {
      return await this.deadlines.run(fn(), () => new Error(`no answer from etcd within the call timeout`));
    } catch (err) {
      if (this.closed) throw new StorageError('Closed', key, 'the storage backend is closed');
      throw translateEtcdError(err, key);
    }
  }

  private checkOpen(key: string): void {
    if (this.closed) throw new StorageError('Closed', key, 'the storage backend is closed');
  }

  private k(key: string): Buffer {
    return Buffer.from(this.prefix + key);
  }

  private toKeyValue(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString().slice(this.prefix.length),
      value: kv.value.toString(),
      modRevision: Number(kv.mod_revision),
      createRevision: Number(kv.create_revision),
    };
  }
}

export function openEtcdStore(options: EtcdStoreOptions): EtcdStore {
  return new EtcdStore(options);
}
