// WatchCache: one store watch per resource, fanned out in memory (DESIGN.md §3: a thousand watchers cost one
// store watch). It keeps the current objects (served to rv=0 lists and initial ADDED events) and a window of
// recent events so watchers can resume from a resourceVersion inside it; older ones get a 410 ERROR event.
// Fan-out is synchronous, through a WatcherIndex so an event is offered only to the watchers of its namespace,
// those whose field selector pins its old or new spec.nodeName (kubelets), and those of all namespaces:
// a watcher's send() must not block (the HTTP layer buffers or drops a slow
// client itself), so no watcher can fall behind here. A store watch that fails with Unavailable is restarted
// from the last revision seen; one that fails with TooOld relists, and every watcher gets a 410 so its
// client relists too.
import { errors, type StatusError } from '../api/errors';
import type { ResourceInfo } from '../api/resources';
import { tryParseFieldSelector } from '../api/fields';
import type { KubeObject } from '../api/types';
import type { StorageError, Store, StoreEvent, Watcher } from '../storage';
import type { Clock } from '../util';
import { CacheWatcher, type CacheEvent } from './cache-watcher';
import { decodeStored } from './codec';
import type { ObjectFilter } from './filter';
import { prefixOf } from './keys';
import type { WatchEventOut, WatchHandle } from './rest';
import { indexedFieldOf, WatcherIndex, type IndexedField, type WatcherScope } from './watcher-index';

export interface WatchCacheOptions {
  store: Store;
  info: ResourceInfo;
  clock: Clock;
  /** Events kept for resuming watches (default 1000). */
  windowSize?: number;
  /** Interval between BOOKMARK events (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Delay before restarting a failed store watch (default 1 s). */
  restartDelayMs?: number;
}

export interface CacheWatchOptions {
  filter: ObjectFilter;
  /** The one namespace the filter admits, if any: the watcher is then offered only that namespace's events. */
  namespace?: string;
  /**
   * The request's field selector, when it has one: a watcher whose selector pins the indexed field (pods:
   * `spec.nodeName=<node>`) is offered only events whose object has or had that value.
   */
  fieldSelector?: string;
  /** undefined = initial ADDED for every existing object, then changes; a number = changes after it. */
  after?: number;
  bookmarks?: boolean;
}

export class WatchCache {
  private readonly objects = new Map<string, KubeObject>();
  private window: CacheEvent[] = [];
  /** Every event after this revision is in the window. */
  private oldest = 0;
  private current = 0;
  /** Every live watcher, for lifecycle (stop, 410 on relist); events reach them through the index. */
  private readonly watchers = new Set<CacheWatcher>();
  private readonly fanout = new WatcherIndex<CacheWatcher>();
  private readonly indexed: IndexedField | undefined;
  private storeWatch?: Watcher;
  private cancelRestart?: () => void;
  private stopped = false;

  constructor(private readonly o: WatchCacheOptions) {
    this.indexed = indexedFieldOf(o.info.resource);
  }

  /** The revision of the newest event seen (or of the initial list). */
  get revision(): number {
    return this.current;
  }

  async start(): Promise<void> {
    const list = await this.o.store.list(prefixOf(this.o.info));
    this.objects.clear();
    for (const kv of list.items)
      this.objects.set(kv.key, freeze(decodeStored(this.o.info, kv.value, kv.modRevision)));
    this.window = [];
    this.current = this.oldest = list.revision;
    this.watchStore();
  }

  /** The current object at key (frozen), as of `revision`. */
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Current objects, sorted by key, and the revision they are valid at. Objects are frozen. */
  snapshot(): { items: { key: string; object: KubeObject }[]; revision: number } {
    const items = [...this.objects]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, object]) => ({ key, object }));
    return { items, revision: this.current };
  }

  watch(options: CacheWatchOptions, send: (event: WatchEventOut) => void): WatchHandle {
    if (options.after !== undefined && options.after < this.oldest) {
      send({ type: 'ERROR', object: tooOld(options.after, this.oldest).toStatus() as KubeObject });
      return { stop: () => {} };
    }
    const after = options.after ?? this.current;
    const scope = this.scopeOf(options);
    const watcher = new CacheWatcher({
      filter: options.filter,
      after,
      send,
      bookmarks: options.bookmarks
        ? {
            clock: this.o.clock,
            intervalMs: this.o.bookmarkIntervalMs ?? 60_000,
            kind: this.o.info.kind,
            revision: () => this.current,
          }
        : undefined,
      onStop: () => {
        this.watchers.delete(watcher);
        this.fanout.delete(watcher, scope);
      },
    });
    this.watchers.add(watcher);
    this.fanout.add(watcher, scope);
    if (options.after === undefined) for (const obj of this.objects.values()) watcher.added(obj);
    else for (const ev of this.window) watcher.deliver(ev);
    return watcher;
  }

  /** Where the index files a watcher: by its pinned indexed-field value, else by its namespace. */
  private scopeOf(options: CacheWatchOptions): WatcherScope {
    const namespace = this.o.info.namespaced ? options.namespace : undefined;
    if (!this.indexed || !options.fieldSelector) return { namespace };
    const parsed = tryParseFieldSelector(options.fieldSelector);
    if (!('selector' in parsed)) return { namespace };
    return { namespace, fieldValue: parsed.selector.singleValue(this.indexed.field) };
  }

  stop(): void {
    this.stopped = true;
    this.storeWatch?.stop();
    this.cancelRestart?.();
    for (const w of [...this.watchers]) w.stop();
  }

  private watchStore(): void {
    if (this.stopped) return;
    this.storeWatch = this.o.store.watch(
      prefixOf(this.o.info),
      this.current,
      (e) => this.apply(e),
      (e) => this.failed(e),
    );
  }

  private apply(e: StoreEvent): void {
    if (e.revision <= this.current) return;
    const prevObject = this.objects.get(e.key);
    const object = freeze(decodeStored(this.o.info, e.value, e.revision));
    if (e.type === 'delete') this.objects.delete(e.key);
    else this.objects.set(e.key, object);
    const type = e.type === 'delete' ? 'DELETED' : prevObject ? 'MODIFIED' : 'ADDED';
    const ev: CacheEvent = { type, key: e.key, object, prevObject, revision: e.revision };
    this.current = e.revision;
    this.window.push(ev);
    if (this.window.length > (this.o.windowSize ?? 1000)) this.oldest = this.window.shift()!.revision;
    const values = this.indexed
      ? [this.indexed.valueOf(object), prevObject && this.indexed.valueOf(prevObject)]
      : [];
    this.fanout.forEach(object.metadata?.namespace, values, (w) => w.deliver(ev));
  }

  private failed(e: StorageError): void {
    this.storeWatch?.stop();
    if (this.stopped || e.code === 'Closed') return;
    const restart = e.code === 'TooOld' ? () => this.relist() : () => this.watchStore();
    this.cancelRestart = this.o.clock.setTimeout(restart, this.o.restartDelayMs ?? 1000);
  }

  /** History we had not seen is gone: start over, and tell every watcher to relist. */
  private relist(): void {
    const status = errors.gone(`too old resource version: ${this.current}`).toStatus() as KubeObject;
    for (const w of [...this.watchers]) {
      w.emit('ERROR', status);
      w.stop();
    }
    this.start().catch((err: StorageError) => this.failed(err));
  }
}

export const tooOld = (asked: number, oldest: number): StatusError =>
  errors.gone(`too old resource version: ${asked} (${oldest})`);

function freeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    for (const v of Object.values(obj)) freeze(v);
    Object.freeze(obj);
  }
  return obj;
}
