// WatchHub: the sqlite backend's broadcaster. Committed changes are published to it in revision order; each
// watcher first replays the log from its revision ("catch-up"), then switches to live events.
//
// No gap, no duplicate: a catch-up step reads the log and, if it reached the head, turns the watcher live in
// the same synchronous turn. Writes commit and publish in one synchronous turn too, so every change is either
// in the rows that step read or published after the switch — never both, never neither.
// A watcher whose queue overflows is not dropped: its queue is discarded and it goes back to catch-up from the
// last revision it was given (the log still holds it, unless compaction passed it: then 'TooOld').
import { StorageError, type StoreEvent, type Watcher } from '../store';

export interface LogSource {
  /** Up to limit changes under prefix with revision > after, oldest first. */
  readLog(prefix: string, after: number, limit: number): StoreEvent[];
  currentRevision(): number;
  compactRevision(): number;
}

export interface WatchHubOptions {
  /** Rows read per catch-up step; steps yield to the event loop between pages. */
  pageSize?: number;
  /** Events queued for one watcher before it falls back to catch-up from the log. */
  maxQueue?: number;
}

class HubWatcher implements Watcher {
  live = false;
  stopped = false;
  /** Revision of the last event queued (or skipped as not matching) for this watcher. */
  cursor: number;
  /** Revision of the last event handed to onEvent. */
  delivered: number;
  queue: StoreEvent[] = [];
  draining = false;
  /** Bumped when the queue is discarded, so a drain in progress stops handing out stale events. */
  generation = 0;

  constructor(
    private readonly hub: WatchHub,
    readonly prefix: string,
    after: number,
    readonly onEvent: (event: StoreEvent) => void,
    readonly onError: (error: StorageError) => void,
  ) {
    this.cursor = after;
    this.delivered = after;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = [];
    this.hub.remove(this);
  }
}

export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();
  private readonly pageSize: number;
  private readonly maxQueue: number;

  constructor(
    private readonly log: LogSource,
    options: WatchHubOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.maxQueue = options.maxQueue ?? 100_000;
  }

  watch(
    prefix: string,
    afterRevision: number,
    onEvent: (event: StoreEvent) => void,
    onError: (error: StorageError) => void,
  ): Watcher {
    const w = new HubWatcher(this, prefix, afterRevision, onEvent, onError);
    this.watchers.add(w);
    setImmediate(() => this.catchUp(w));
    return w;
  }

  /** Fans out committed changes (in revision order) to live watchers. */
  publish(events: StoreEvent[]): void {
    for (const w of this.watchers) {
      if (!w.live) continue; // a catching-up watcher will read these from the log
      for (const e of events) {
        if (e.revision <= w.cursor) continue;
        w.cursor = e.revision;
        if (e.key.startsWith(w.prefix)) w.queue.push(e);
      }
      if (w.queue.length > this.maxQueue) this.fallBack(w);
      else this.scheduleDrain(w);
    }
  }

  /** Stops every watcher silently (the store is closing). */
  stopAll(): void {
    for (const w of [...this.watchers]) w.stop();
  }

  remove(w: HubWatcher): void {
    this.watchers.delete(w);
  }

  private catchUp(w: HubWatcher): void {
    if (w.stopped) return;
    if (w.cursor < this.log.compactRevision()) {
      w.stop();
      w.onError(new StorageError('TooOld', w.prefix, `too old resource version: ${w.cursor}`));
      return;
    }
    const page = this.log.readLog(w.prefix, w.cursor, this.pageSize);
    for (const e of page) w.queue.push(e);
    if (page.length > 0) w.cursor = page[page.length - 1]!.revision;
    if (page.length < this.pageSize) {
      w.cursor = Math.max(w.cursor, this.log.currentRevision());
      w.live = true;
      this.scheduleDrain(w);
      return;
    }
    this.drain(w);
    setImmediate(() => this.catchUp(w));
  }

  private fallBack(w: HubWatcher): void {
    w.queue = [];
    w.generation++;
    w.live = false;
    w.cursor = w.delivered;
    setImmediate(() => this.catchUp(w));
  }

  private scheduleDrain(w: HubWatcher): void {
    if (w.draining || w.queue.length === 0) return;
    w.draining = true;
    queueMicrotask(() => {
      w.draining = false;
      this.drain(w);
    });
  }

  private drain(w: HubWatcher): void {
    const queue = w.queue;
    const generation = w.generation;
    w.queue = [];
    for (const e of queue) {
      if (w.stopped || w.generation !== generation) return;
      w.delivered = e.revision;
      try {
        w.onEvent(e);
      } catch (err) {
        // A throwing handler is the caller's bug: surface it, but keep the stream whole for the others.
        setImmediate(() => {
          throw err;
        });
      }
    }
  }
}
