// ObjectStore: the objects of one resource as the feed reports them, keyed by namespace/name. Changes are
// applied at once but listeners hear about them at most once per flush (an animation frame in the browser),
// so a burst of a thousand watch events costs one render, not a thousand.
import type { EventType, FeedSink, FeedState, KubeObject } from './feed';

export type Schedule = (flush: () => void) => void;

export function objectKey(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export class ObjectStore<T extends KubeObject = KubeObject> implements FeedSink {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<() => void>();
  private pending = false;
  private snapshot: T[] | undefined;
  status: { state: FeedState; error?: string } = { state: 'loading' };
  /** Bumped on every change, so views can memoise on it. */
  version = 0;

  constructor(private readonly schedule: Schedule) {}

  list(): T[] {
    return (this.snapshot ??= [...this.items.values()]);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  reset(items: KubeObject[]): void {
    this.items.clear();
    for (const o of items) this.items.set(objectKey(o), o as T);
    this.changed();
  }

  event(type: EventType, obj: KubeObject): void {
    if (type === 'DELETED') this.items.delete(objectKey(obj));
    else this.items.set(objectKey(obj), obj as T);
    this.changed();
  }

  state(state: FeedState, error?: string): void {
    this.status = { state, error };
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.snapshot = undefined;
    this.version++;
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      for (const l of [...this.listeners]) l();
    });
  }
}
