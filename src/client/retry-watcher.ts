// RetryWatcher (client-go's tools/watch): one logical watch that survives disconnects. It re-opens the
// watch from the last resourceVersion it delivered, so the caller sees every change once and in order.
// It gives up only when resuming is impossible: 410 (that resourceVersion is compacted — the caller must
// list again) or another 4xx the server will keep answering (403, 404). 5xx, 429 and lost connections are
// retried with per-watcher exponential back-off, reset by every event that arrives.
import { type StatusError, isGone } from '../api/errors';
import type { KubeObject } from '../api/types';
import { Backoff, type Clock, realClock } from '../util';
import type { ApiObject, ClientInterface, WatchEvent, WatchHandle, WatchOptions } from './interface';

export interface RetryWatcherDeps {
  clock?: Clock;
  /** Back-off between failed attempts: base doubling to max. Default 100 ms → 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export class RetryWatcher<T extends ApiObject = KubeObject> implements WatchHandle {
  private handle: WatchHandle | undefined;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private gotEvents = false;
  /** The resourceVersion the next watch resumes from. */
  lastResourceVersion: string;

  /**
   * Starts watching at once, from `options.resourceVersion`: the version a list answered. "" is refused:
   * it would replay the current state on every reconnect. ("0" is accepted: it is what listing an empty
   * cluster answers, and replaying an empty state is the same as resuming.) `onFatal` runs once when the
   * watcher gives up; it is then stopped.
   */
  constructor(
    private readonly client: Pick<ClientInterface, 'watch'>,
    private readonly resource: string,
    private readonly namespace: string | undefined,
    private readonly options: WatchOptions,
    private readonly onEvent: (event: WatchEvent<T>) => void,
    private readonly onFatal: (err: StatusError) => void,
    deps: RetryWatcherDeps = {},
  ) {
    if (!options.resourceVersion) {
      throw new Error('RetryWatcher needs the resourceVersion of a list to start from');
    }
    this.clock = deps.clock ?? realClock;
    this.backoff = new Backoff(deps.backoffBaseMs ?? 100, deps.backoffMaxMs ?? 30_000);
    this.lastResourceVersion = options.resourceVersion;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.handle?.stop();
    this.cancelTimer?.();
  }

  private open(): void {
    this.cancelTimer = undefined;
    if (this.stopped) return;
    this.gotEvents = false;
    this.handle = this.client.watch<T>(
      this.resource,
      this.namespace,
      { ...this.options, resourceVersion: this.lastResourceVersion, allowWatchBookmarks: true },
      (event) => this.receive(event),
      (err) => this.closed(err),
    );
  }

  private receive(event: WatchEvent<T>): void {
    if (this.stopped) return;
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.lastResourceVersion = rv;
    this.gotEvents = true;
    this.backoff.forget('watch');
    if (event.type !== 'BOOKMARK') this.onEvent(event);
  }

  private closed(err: StatusError | undefined): void {
    if (this.stopped) return;
    if (err && (isGone(err) || (err.code >= 400 && err.code < 500 && err.code !== 429))) {
      this.stopped = true;
      this.onFatal(err);
      return;
    }
    // A stream that delivered events and ended cleanly (the server's timeout) resumes at once; anything
    // else waits, so a server that keeps closing or failing is not hammered.
    if (!err && this.gotEvents) return this.open();
    this.cancelTimer = this.clock.setTimeout(() => this.open(), this.backoff.next('watch'));
  }
}
