// WorkQueue: client-go's rate-limited, delaying work queue. Guarantees a controller relies on:
//   - a key is queued at most once however often it is added (dirty set);
//   - a key is never processed by two workers at once: added while processing, it is queued again only
//     after done(key) (processing set);
//   - addAfter/addRateLimited delay a key on the injected clock; the earliest pending delay wins;
//   - after shutDown() nothing new is accepted, and get() answers what is still queued, then undefined.
// Given a name and WorkQueueMetrics, it reports depth, adds, time in queue, work time and retries.
import { type Clock, realClock } from '../../util';
import type { QueueMetrics, WorkQueueMetrics } from './metrics';
import { ExponentialRateLimiter, type RateLimiter } from './rate-limiter';

export interface WorkQueueOptions<K> {
  clock?: Clock;
  rateLimiter?: RateLimiter<K>;
  /** The queue's name in its metrics (`k8ts_workqueue_depth{name="..."}`); needed with metrics. */
  name?: string;
  metrics?: WorkQueueMetrics;
}

export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { due: number; cancel: () => void }>();
  private readonly getters: ((key: K | undefined) => void)[] = [];
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<K>;
  private shuttingDown = false;
  /** For metrics: when each ready key was queued, and when each key being processed was handed out. */
  private readonly queuedAt = new Map<K, number>();
  private readonly startedAt = new Map<K, number>();
  /** Undefined without metrics; runWorkers reports failed syncs here. */
  readonly metrics: QueueMetrics | undefined;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.clock = options.clock ?? realClock;
    this.limiter = options.rateLimiter ?? new ExponentialRateLimiter<K>();
    this.metrics = options.metrics?.forQueue(options.name ?? 'unnamed');
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // done(key) queues it again
    this.push(key);
  }

  /** Adds key once ms have passed on the clock. A key already waiting keeps the earlier of the two times. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const due = this.clock.now() + ms;
    const pending = this.waiting.get(key);
    if (pending && pending.due <= due) return;
    pending?.cancel();
    const cancel = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { due, cancel });
  }

  /** Adds key after its back-off: call when processing key failed. */
  addRateLimited(key: K): void {
    if (!this.shuttingDown) this.metrics?.retry();
    this.addAfter(key, this.limiter.when(key));
  }

  /** Clears key's back-off: call when processing key succeeded. Does not remove it from the queue. */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /** The next key to process (call done(key) when finished), or undefined once shut down and drained. */
  get(): Promise<K | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks key as processed; if it was added meanwhile, it goes back in the queue now. */
  done(key: K): void {
    const started = this.startedAt.get(key);
    if (started !== undefined) {
      this.startedAt.delete(key);
      this.metrics?.worked(this.clock.now() - started);
    }
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
  }

  /** Keys ready to be handed out (not those waiting on a delay or being processed). */
  len(): number {
    return this.queue.length;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Stops accepting keys, drops delayed ones, and releases every waiting get() with undefined. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { cancel } of this.waiting.values()) cancel();
    this.waiting.clear();
    for (const resolve of this.getters.splice(0)) resolve(undefined);
  }

  private push(key: K): void {
    this.queue.push(key);
    if (this.metrics) {
      this.metrics.add();
      this.metrics.depth(this.queue.length);
      this.queuedAt.set(key, this.clock.now());
    }
    const getter = this.getters.shift();
    if (getter) getter(this.take());
  }

  private take(): K {
    const key = this.queue.shift()!;
    this.processing.add(key);
    this.dirty.delete(key);
    if (this.metrics) {
      const now = this.clock.now();
      this.metrics.depth(this.queue.length);
      this.metrics.queued(now - (this.queuedAt.get(key) ?? now));
      this.queuedAt.delete(key);
      this.startedAt.set(key, now);
    }
    return key;
  }
}
