// FakeWatcher: a watch that a test drives by hand (client-go's watch.FakeWatcher). The code under test
// receives it as any Watch and starts it with a sink; the test pushes add/modify/delete/error/bookmark
// events and can end the stream as a server would. Events pushed before start() are buffered and
// delivered in order on start. After the consumer calls stop(), pushes are ignored (and return false),
// as a real watch delivers nothing after stop().
import type { EventType, Watch, WatchEvent, WatchSink } from './event';

export class FakeWatcher<T> implements Watch {
  private sink?: WatchSink<T>;
  private readonly buffered: WatchEvent<T>[] = [];
  private stopped = false;
  private ended = false;
  private endError?: Error;

  /** Attaches the consumer; only one start() is allowed. Delivers anything pushed before it. */
  start(sink: WatchSink<T> | ((event: WatchEvent<T>) => void)): Watch {
    if (this.sink) throw new Error('FakeWatcher: start() called twice');
    this.sink = typeof sink === 'function' ? { onEvent: sink } : sink;
    const backlog = this.buffered.splice(0);
    for (const event of backlog) if (!this.stopped) this.sink.onEvent(event);
    if (this.ended && !this.stopped) this.sink.onDone?.(this.endError);
    return this;
  }

  add(object: T): boolean {
    return this.action('ADDED', object);
  }

  modify(object: T): boolean {
    return this.action('MODIFIED', object);
  }

  delete(object: T): boolean {
    return this.action('DELETED', object);
  }

  error(object: T): boolean {
    return this.action('ERROR', object);
  }

  bookmark(object: T): boolean {
    return this.action('BOOKMARK', object);
  }

  /** Delivers (or buffers, before start) one event. False when the consumer has stopped the watch. */
  action(type: EventType, object: T): boolean {
    if (this.ended) throw new Error(`FakeWatcher: ${type} pushed after end()`);
    if (this.stopped) return false;
    const event = { type, object };
    if (this.sink) this.sink.onEvent(event);
    else this.buffered.push(event);
    return true;
  }

  /** The producer's side hanging up: the sink's onDone runs once (with err, if given). */
  end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = err;
    if (this.sink && !this.stopped) this.sink.onDone?.(err);
  }

  /** The consumer's side. Idempotent. */
  stop(): void {
    this.stopped = true;
    this.buffered.length = 0;
  }

  isStopped(): boolean {
    return this.stopped;
  }
}
