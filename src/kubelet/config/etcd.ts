// EtcdSource (--etcd-servers): the seed's watch on `/registry/hosts/<node>/kubelet`, whose value is a list of
// manifests (YAML or JSON, either format); no key or a deleted key means no pods. It reads the key, then
// watches it from the read's revision + 1, so a change is acted upon as soon as etcd reports it (well under
// 1 s). Any watch trouble — a disconnect, a cancelled watch — drops the watch and starts over with a fresh
// read after a back-off: the value is level state, so re-reading loses nothing. (The etcd3 client would
// re-create a broken watch itself, but from the server's current revision, which can skip a change.)
// An invalid value keeps the last good pods and is reported, like an invalid file.
import { Etcd3, type IKeyValue, type Watcher } from 'etcd3';
import { errors } from '../../api/errors';
import type { Pod } from '../../api/types';
import { Backoff, realClock, type Clock } from '../../util';
import { sourceError, staticPodsFrom } from './manifests';
import type { PodSource, SourceUpdate } from './types';

export interface EtcdSourceOptions {
  endpoints: string[];
  /** `hostname -f`, or --hostname-override (see defaultNodeName). */
  nodeName: string;
  /** Default `/registry/hosts/<nodeName>/kubelet`. */
  key?: string;
  /** A read that takes longer than this counts as failed (default 5 s). */
  callTimeoutMs?: number;
  clock?: Clock;
}

export function kubeletKey(nodeName: string): string {
  return `/registry/hosts/${nodeName}/kubelet`;
}

export class EtcdSource implements PodSource {
  readonly name = 'etcd';
  private readonly key: string;
  private readonly clock: Clock;
  private readonly backoff = new Backoff(200, 10_000);
  private client: Etcd3 | undefined;
  private watcher: Watcher | undefined;
  private cancelRetry: (() => void) | undefined;
  private lastGood: Pod[] | undefined;
  private stopped = false;
  private emit: (update: SourceUpdate) => void = () => {};

  constructor(private readonly options: EtcdSourceOptions) {
    this.key = options.key ?? kubeletKey(options.nodeName);
    this.clock = options.clock ?? realClock;
  }

  start(emit: (update: SourceUpdate) => void): void {
    this.emit = emit;
    this.client = new Etcd3({
      hosts: this.options.endpoints,
      dialTimeout: this.options.callTimeoutMs ?? 5000,
    });
    void this.resync();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelRetry?.();
    await this.dropWatch();
    this.client?.close();
  }

  /** Reads the key, then watches it from just after that read. */
  private async resync(): Promise<void> {
    this.cancelRetry = undefined;
    if (this.stopped) return;
    try {
      const res = await this.withDeadline(this.client!.kv.range({ key: Buffer.from(this.key) }));
      if (this.stopped) return;
      this.applyValue(res.kvs[0]);
      this.watch(Number(res.header.revision) + 1);
      this.backoff.forget(this.key);
    } catch (e) {
      this.retryLater(e);
    }
  }

  private watch(fromRevision: number): void {
    const w = this.client!.watch().key(this.key).startRevision(String(fromRevision)).watcher();
    this.watcher = w;
    w.on('put', (kv) => this.applyValue(kv));
    w.on('delete', () => this.applyValue(undefined));
    w.on('disconnected', (err) => this.onWatchTrouble(w, err));
    w.on('error', (err) => this.onWatchTrouble(w, err));
  }

  private onWatchTrouble(w: Watcher, err: Error): void {
    if (this.stopped || this.watcher !== w) return;
    void this.dropWatch();
    this.retryLater(err);
  }

  private async dropWatch(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    await w?.cancel().catch(() => {});
  }

  private retryLater(e: unknown): void {
    if (this.stopped || this.cancelRetry) return;
    const why = e instanceof Error ? e.message : String(e);
    const err = errors.unavailable(`watching etcd key ${this.key}: ${why}; retrying`);
    this.emit({
      source: this.name,
      pods: this.lastGood ?? [],
      errors: [sourceError(this.name, this.key, err)],
      ...(this.lastGood === undefined && { incomplete: true }),
    });
    this.cancelRetry = this.clock.setTimeout(() => void this.resync(), this.backoff.next(this.key));
  }

  /** Emits the pods of the key's value (none for a missing key); an invalid value keeps the last good pods. */
  private applyValue(kv: IKeyValue | undefined): void {
    if (this.stopped) return;
    try {
      const text = kv ? kv.value.toString() : '';
      const pods = staticPodsFrom(text, this.key, this.name, this.options.nodeName);
      this.lastGood = pods;
      this.emit({ source: this.name, pods, errors: [] });
    } catch (e) {
      this.emit({
        source: this.name,
        pods: this.lastGood ?? [],
        errors: [sourceError(this.name, this.key, e)],
      });
    }
  }

  private withDeadline<T>(call: Promise<T>): Promise<T> {
    const ms = this.options.callTimeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const cancel = this.clock.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      call.then(
        (v) => (cancel(), resolve(v)),
        (e: unknown) => (cancel(), reject(e instanceof Error ? e : new Error(String(e)))),
      );
    });
  }
}
