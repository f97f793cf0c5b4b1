// Reflector (client-go): keeps a sink in step with the server. List (consistent read) → replace the sink's
// contents → watch from the list's resourceVersion (resuming after disconnects via RetryWatcher) → when the
// watch cannot resume (410: the version is compacted) or the list fails → list again after back-off.
import type { StatusError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { Backoff, type Clock, type Logger, realClock } from '../../util';
import type { ApiObject, ClientInterface, WatchEvent } from '../interface';
import { RetryWatcher } from '../retry-watcher';

export interface ReflectorSink<T extends ApiObject> {
  /** The complete current state, at resourceVersion. */
  replace(items: T[], resourceVersion: string): void;
  /** One change after the last replace (ADDED, MODIFIED or DELETED). */
  apply(event: WatchEvent<T>): void;
}

export interface ListWatchTarget {
  resource: string;
  /** Undefined: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ReflectorDeps {
  clock?: Clock;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  log?: Logger;
}

export type ListWatchClient = Pick<ClientInterface, 'listAll' | 'watch'>;

export class Reflector<T extends ApiObject = KubeObject> {
  private watcher: RetryWatcher<T> | undefined;
  private cancelTimer: (() => void) | undefined;
  private running = false;
  /** Bumped by stop(), so a list answered after stop() is dropped. */
  private generation = 0;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private listedResourceVersion = '';

  constructor(
    private readonly client: ListWatchClient,
    private readonly target: ListWatchTarget,
    private readonly sink: ReflectorSink<T>,
    private readonly deps: ReflectorDeps = {},
  ) {
    this.clock = deps.clock ?? realClock;
    this.backoff = new Backoff(deps.backoffBaseMs ?? 200, deps.backoffMaxMs ?? 30_000);
  }

  /** The resourceVersion of the last list or watch event applied to the sink. */
  get lastSyncResourceVersion(): string {
    return this.watcher?.lastResourceVersion ?? this.listedResourceVersion;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.list();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.watcher?.stop();
    this.watcher = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private async list(): Promise<void> {
    this.cancelTimer = undefined;
    const generation = this.generation;
    const { resource, namespace, labelSelector, fieldSelector } = this.target;
    let items: T[];
    let rv: string;
    try {
      const list = await this.client.listAll<T>(resource, namespace, {
        labelSelector,
        fieldSelector,
        limit: 500,
      });
      items = list.items;
      rv = list.metadata?.resourceVersion ?? '';
    } catch (err) {
      if (generation === this.generation) this.retryList(err as Error, 'list');
      return;
    }
    if (generation !== this.generation) return;
    if (!rv) return this.retryList(new Error(`the list of ${resource} carries no resourceVersion`), 'list');
    this.backoff.forget('list');
    this.listedResourceVersion = rv;
    this.sink.replace(items, rv);
    try {
      this.watch(rv);
    } catch (err) {
      this.retryList(err as Error, 'watch');
    }
  }

  private watch(rv: string): void {
    const { resource, namespace, labelSelector, fieldSelector } = this.target;
    this.watcher = new RetryWatcher<T>(
      this.client,
      resource,
      namespace,
      { resourceVersion: rv, labelSelector, fieldSelector, allowWatchBookmarks: true },
      (event) => this.sink.apply(event),
      (err) => this.watchFailed(err),
      this.deps,
    );
  }

  private watchFailed(err: StatusError): void {
    this.listedResourceVersion = this.watcher?.lastResourceVersion ?? this.listedResourceVersion;
    this.watcher = undefined;
    this.retryList(err, 'watch');
  }

  private retryList(err: Error, what: string): void {
    if (!this.running) return;
    const delay = this.backoff.next('list');
    this.deps.log?.warn(
      { resource: this.target.resource, err: err.message, delay },
      `${what} failed; listing again`,
    );
    this.cancelTimer = this.clock.setTimeout(() => void this.list(), delay);
  }
}
