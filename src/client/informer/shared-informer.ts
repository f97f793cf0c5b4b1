// SharedInformer (client-go): one Reflector feeding one Indexer, and any number of handlers notified of
// each change. Handlers should only enqueue a key: they run synchronously, in registration order.
// Notifications: onAdd for a new key, onUpdate(old, new) for a changed one (and for every cached object at
// each relist and each resync period — level-triggered consumers re-check everything), onDelete with the
// final object or, when the deletion was only noticed by a relist, a DeletedFinalStateUnknown tombstone.
import type { KubeObject } from '../../api/types';
import { type Clock, type Logger, realClock } from '../../util';
import type { ApiObject, WatchEvent } from '../interface';
import { type IndexFunc, Indexer, NAMESPACE_INDEX, namespaceIndexFunc } from './indexer';
import { DeletedFinalStateUnknown, deepFreeze, metaNamespaceKey } from './keys';
import { type ListWatchClient, type ListWatchTarget, Reflector, type ReflectorDeps } from './reflector';

export interface EventHandler<T extends ApiObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface SharedInformerOptions<T extends ApiObject> extends ReflectorDeps {
  /** Re-deliver onUpdate(obj, obj) for every cached object this often; 0/unset = never. */
  resyncMs?: number;
  indexers?: Record<string, IndexFunc<T>>;
}

export class SharedInformer<T extends ApiObject = KubeObject> {
  /** The cache. Read it (get, list, byIndex) from handlers and sync functions; never change what it returns. */
  readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  /** Replaced, never changed in place, so notify walks it without copying while a handler adds or removes one. */
  private handlers: readonly EventHandler<T>[] = [];
  private readonly clock: Clock;
  private readonly log?: Logger;
  private synced = false;
  private markSynced!: () => void;
  private readonly syncedPromise = new Promise<void>((resolve) => (this.markSynced = resolve));
  private cancelResync: (() => void) | undefined;
  private started = false;

  constructor(
    client: ListWatchClient,
    readonly target: ListWatchTarget,
    private readonly options: SharedInformerOptions<T> = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.log = options.log;
    this.indexer = new Indexer<T>(
      { [NAMESPACE_INDEX]: namespaceIndexFunc, ...options.indexers },
      metaNamespaceKey,
    );
    this.reflector = new Reflector<T>(
      client,
      target,
      { replace: (items) => this.replace(items), apply: (e) => this.apply(e) },
      options,
    );
  }

  /**
   * Registers a handler. One added after the cache synced first gets onAdd for every cached object,
   * so it starts from the same state as the others. Answers a function that removes the handler.
   */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers = [...this.handlers, handler];
    if (this.synced) for (const obj of this.indexer.list()) this.call(handler, 'onAdd', obj);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Starts listing and watching. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.reflector.start();
    this.scheduleResync();
  }

  stop(): void {
    this.started = false;
    this.reflector.stop();
    this.cancelResync?.();
    this.cancelResync = undefined;
  }

  /** True once the first list has been delivered to the cache and the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  whenSynced(): Promise<void> {
    return this.syncedPromise;
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(this.indexer.keyFunc(obj));
      this.upsert(obj);
    }
    for (const key of this.indexer.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.indexer.delete(key)!;
      this.notify('onDelete', new DeletedFinalStateUnknown(key, old));
    }
    if (!this.synced) {
      this.synced = true;
      this.markSynced();
    }
  }

  private apply(event: WatchEvent<T>): void {
    if (event.type === 'DELETED') {
      this.indexer.delete(this.indexer.keyFunc(event.object));
      this.notify('onDelete', deepFreeze(event.object));
    } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      this.upsert(event.object);
    }
  }

  private upsert(obj: T): void {
    const old = this.indexer.upsert(obj);
    if (old) this.notify('onUpdate', old, obj);
    else this.notify('onAdd', obj);
  }

  private scheduleResync(): void {
    const period = this.options.resyncMs;
    if (!period || !this.started) return;
    this.cancelResync = this.clock.setTimeout(() => {
      if (this.synced) for (const obj of this.indexer.list()) this.notify('onUpdate', obj, obj);
      this.scheduleResync();
    }, period);
  }

  /** Fixed arguments, no spread: with a thousand hollow nodes' handlers this runs a thousand times per event. */
  private notify(kind: keyof EventHandler<T>, a: unknown, b?: unknown): void {
    const handlers = this.handlers;
    for (let i = 0; i < handlers.length; i++) this.call(handlers[i]!, kind, a, b);
  }

  /** A throwing handler is logged and skipped: it must not starve the other handlers or stop the watch. */
  private call(h: EventHandler<T>, kind: keyof EventHandler<T>, a: unknown, b?: unknown): void {
    const fn = h[kind] as ((x: unknown, y: unknown) => void) | undefined;
    if (!fn) return;
    try {
      fn.call(h, a, b);
    } catch (err) {
      this.log?.error(
        { resource: this.target.resource, err: (err as Error).message },
        `${kind} handler failed`,
      );
    }
  }
}
