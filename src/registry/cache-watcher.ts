// One watcher of a WatchCache: filters the cache's events through its selectors and turns selector
// transitions into the events Kubernetes sends (starts matching → ADDED, stops matching → DELETED with the
// old content at the new resourceVersion), and sends periodic BOOKMARKs when asked for.
import type { KubeObject, WatchEventType } from '../api/types';
import type { Clock } from '../util';
import type { ObjectFilter } from './filter';
import type { WatchEventOut } from './rest';

export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The new state; for DELETED the last state, stamped with the deletion's revision. */
  object: KubeObject;
  /** The state before this change (undefined for ADDED). */
  prevObject?: KubeObject;
  revision: number;
}

export interface CacheWatcherOptions {
  filter: ObjectFilter;
  /** Only events with a revision above this are sent. */
  after: number;
  send: (event: WatchEventOut) => void;
  /** Set to send BOOKMARKs every intervalMs; `revision()` gives the cache's current revision. */
  bookmarks?: { clock: Clock; intervalMs: number; kind: string; revision: () => number };
  onStop: () => void;
}

export class CacheWatcher {
  private stopped = false;
  private cancelTimer?: () => void;

  constructor(private readonly o: CacheWatcherOptions) {
    this.scheduleBookmark();
  }

  deliver(ev: CacheEvent): void {
    if (this.stopped || ev.revision <= this.o.after) return;
    this.o.after = ev.revision;
    const cur = ev.type !== 'DELETED' && this.o.filter(ev.object);
    const old = ev.prevObject !== undefined && this.o.filter(ev.prevObject);
    if (cur) this.emit(old ? 'MODIFIED' : 'ADDED', ev.object);
    else if (old)
      this.emit('DELETED', ev.type === 'DELETED' ? ev.object : withRevision(ev.prevObject!, ev.revision));
  }

  /** An initial ADDED for an existing object (watch from "0"). */
  added(obj: KubeObject): void {
    if (this.o.filter(obj)) this.emit('ADDED', obj);
  }

  emit(type: WatchEventType, object: KubeObject): void {
    if (this.stopped) return;
    try {
      this.o.send({ type, object });
    } catch {
      this.stop(); // a broken consumer loses its watch rather than breaking the fan-out
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimer?.();
    this.o.onStop();
  }

  private scheduleBookmark(): void {
    const b = this.o.bookmarks;
    if (!b) return;
    this.cancelTimer = b.clock.setTimeout(() => {
      const rv = Math.max(this.o.after, b.revision());
      this.emit('BOOKMARK', { kind: b.kind, apiVersion: 'v1', metadata: { resourceVersion: String(rv) } });
      if (!this.stopped) this.scheduleBookmark();
    }, b.intervalMs);
  }
}

function withRevision(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}
