// Broadcaster: fans each published event out to many subscribers, in publish order for each one.
//
// The slow-subscriber choice (the one kine makes, not etcd's "victims"): a subscriber that falls behind
// is DROPPED — removed and told through onDropped('slow') — rather than slowing the publisher or the
// other subscribers. Its consumer (e.g. an HTTP watch) then ends the stream, and the client re-watches
// from the last resourceVersion it saw, exactly as it would after any dropped connection.
//
// What "behind" means: a handler may return a Promise (e.g. one that waits for a socket to drain). While
// that promise is pending, further events for that subscriber queue up; once more than maxQueue are
// waiting, the subscriber is dropped. A handler that returns nothing is complete when it returns, so a
// synchronous subscriber receives each event inside publish() and can never fall behind. A handler that
// throws (or whose promise rejects) is dropped with reason 'error'; the error never reaches the publisher.
//
// publish() called from inside a handler is queued and delivered after the current event has reached
// every subscriber, so all subscribers still see one global order. onDropped and onClosed run inside
// publish()/close() and must not throw.

export type DropReason = 'slow' | 'error';

export interface SubscribeOptions {
  /** Called once when the broadcaster removes this subscriber; not called on unsubscribe or close. */
  onDropped?: (reason: DropReason, error?: unknown) => void;
  /** Called once after close(), when every event queued for this subscriber has been handled. */
  onClosed?: () => void;
}

export interface BroadcasterOptions {
  /** Events a busy subscriber may have waiting before it is dropped. Default 100. */
  maxQueue?: number;
}

type Handler<T> = (event: T) => void | Promise<void>;

interface Subscriber<T> {
  handler: Handler<T>;
  options: SubscribeOptions;
  queue: T[];
  /** Inside the handler, or waiting for the promise it returned. */
  busy: boolean;
  active: boolean;
}

function isThenable(v: unknown): v is PromiseLike<void> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class Broadcaster<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private readonly maxQueue: number;
  private closed = false;
  private publishing = false;
  private readonly pending: T[] = [];

  constructor(options: BroadcasterOptions = {}) {
    this.maxQueue = options.maxQueue ?? 100;
    if (!(this.maxQueue >= 1)) throw new RangeError(`maxQueue must be at least 1, got ${this.maxQueue}`);
  }

  /** Adds a subscriber for events published from now on; returns its unsubscribe function (idempotent). */
  subscribe(handler: Handler<T>, options: SubscribeOptions = {}): () => void {
    const sub: Subscriber<T> = { handler, options, queue: [], busy: false, active: true };
    if (this.closed) {
      sub.active = false;
      options.onClosed?.();
      return () => {};
    }
    this.subscribers.add(sub);
    return () => this.remove(sub);
  }

  /** Delivers event to every subscriber. Returns false (and delivers nothing) once closed. */
  publish(event: T): boolean {
    if (this.closed) return false;
    this.pending.push(event);
    if (this.publishing) return true; // re-entrant: the outer publish delivers it next
    this.publishing = true;
    try {
      while (this.pending.length) {
        const e = this.pending.shift() as T;
        for (const sub of [...this.subscribers]) this.enqueue(sub, e);
      }
    } finally {
      this.publishing = false;
    }
    // close() called from a handler waited for the events published before it; finish idle subscribers now.
    if (this.closed) for (const sub of [...this.subscribers]) this.finishIfDrained(sub);
    return true;
  }

  /**
   * Stops accepting events. Subscribers still get what is already queued for them, then onClosed.
   * Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.publishing) return; // publish() finishes subscribers once its events are delivered
    for (const sub of [...this.subscribers]) this.finishIfDrained(sub);
  }

  /** Number of current subscribers. */
  size(): number {
    return this.subscribers.size;
  }

  isClosed(): boolean {
    return this.closed;
  }

  private enqueue(sub: Subscriber<T>, event: T): void {
    if (!sub.active) return;
    if (sub.queue.length >= this.maxQueue) {
      this.drop(sub, 'slow');
      return;
    }
    sub.queue.push(event);
    if (!sub.busy) this.pump(sub);
  }

  /** Runs the handler over the queue until it is empty or the handler returns a pending promise. */
  private pump(sub: Subscriber<T>): void {
    while (sub.active && !sub.busy && sub.queue.length) {
      const event = sub.queue.shift() as T;
      sub.busy = true;
      let result: void | Promise<void>;
      try {
        result = sub.handler(event);
      } catch (err) {
        this.drop(sub, 'error', err);
        return;
      }
      if (isThenable(result)) {
        result.then(
          () => {
            sub.busy = false;
            this.pump(sub);
          },
          (err: unknown) => this.drop(sub, 'error', err),
        );
        return;
      }
      sub.busy = false;
    }
    this.finishIfDrained(sub);
  }

  private finishIfDrained(sub: Subscriber<T>): void {
    if (!this.closed || this.publishing || !sub.active || sub.busy || sub.queue.length) return;
    this.remove(sub);
    sub.options.onClosed?.();
  }

  private drop(sub: Subscriber<T>, reason: DropReason, error?: unknown): void {
    if (!sub.active) return;
    this.remove(sub);
    sub.options.onDropped?.(reason, error);
  }

  private remove(sub: Subscriber<T>): void {
    sub.active = false;
    sub.queue.length = 0;
    this.subscribers.delete(sub);
  }
}
