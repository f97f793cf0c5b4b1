// EventRecorder: the v1 Events every component writes (client-go's tools/record in small), shared by the
// scheduler, the kubelet and any controller:
//  - an event repeating one seen within the last 10 minutes (same involved object, type, reason and
//    message) is not written again: the stored one gets count+1 and a new lastTimestamp by merge PATCH
//    (client-go's EventCorrelator); a repeat after a longer silence starts a new event object, and one
//    that was deleted or expired meanwhile is created again;
//  - repeats that arrive while a write is in flight are folded into the next one;
//  - writes run in the background, a few at a time, and never block or fail the caller;
//  - when the backlog is full (an apiserver that cannot keep up) new events are dropped and counted, as
//    client-go's broadcaster drops them, rather than letting memory grow without bound.
import { isNotFound } from '../../api/errors';
import type { Event, ObjectReference } from '../../api/types';
import { rfc3339, type Clock, type Logger } from '../../util';
import type { ClientInterface } from '../interface';

/** Longer messages are cut (with `...`), as kubelet and kube-controller-manager cut theirs at 1 KiB. */
export const MAX_MESSAGE_LENGTH = 1024;
export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: ClientInterface;
  clock: Clock;
  /** source.component and reportingComponent: `default-scheduler`, `kubelet`, `replication-controller`. */
  component: string;
  /** source.host: the node, for the kubelet. */
  host?: string;
  /** reportingInstance: this process's identity. */
  instance?: string;
  /** Writes in flight at most; default 8 (1 keeps the order of writes). */
  concurrency?: number;
  /** Events waiting to be written at most; beyond this they are dropped. Default 1000. */
  maxQueued?: number;
  /** How long after its last occurrence an event is still counted up rather than written anew; default 10 min. */
  windowMs?: number;
  log?: Logger;
}

interface Entry {
  ref: ObjectReference;
  type: EventType;
  reason: string;
  message: string;
  action?: string;
  name: string;
  namespace: string;
  firstTimestamp: string;
  lastTimestamp: string;
  lastMs: number;
  /** Occurrences recorded, and how many of them the stored object shows. */
  count: number;
  written: number;
  queued: boolean;
  writing: boolean;
}

/** How many distinct events are remembered for counting repeats; the oldest idle ones are forgotten first. */
const REMEMBERED = 4096;
export const EVENT_WINDOW_MS = 10 * 60_000;

export class EventRecorder {
  private readonly seen = new Map<string, Entry>();
  private readonly backlog: Entry[] = [];
  private inFlight = 0;
  private seq = 0;
  private stampSecond = NaN;
  private stamp = '';
  private idle: (() => void)[] = [];
  /** Events dropped because the backlog was full. */
  dropped = 0;

  constructor(private readonly o: EventRecorderOptions) {}

  /** Records an event about ref; `action` is what the component was doing (Scheduling, Binding). */
  record(ref: ObjectReference, type: EventType, reason: string, message: string, action?: string): void {
    // Messages can quote user input (a whole malformed manifest); kept whole, each repeat would hold it in memory.
    if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH - 3)}...`;
    const now = this.o.clock.now();
    const stamp = this.timestamp(now);
    const key = [ref.kind, ref.namespace, ref.name, ref.uid, ref.fieldPath, type, reason, message].join('\n');
    let entry = this.seen.get(key);
    if (
      entry &&
      !entry.queued &&
      !entry.writing &&
      now - entry.lastMs > (this.o.windowMs ?? EVENT_WINDOW_MS)
    ) {
      this.seen.delete(key); // quiet for too long: a new event, as the correlator's cache would have expired
      entry = undefined;
    }
    if (entry) {
      entry.count++;
      entry.lastTimestamp = stamp;
      entry.lastMs = now;
    } else {
      if (this.backlog.length >= (this.o.maxQueued ?? 1000)) {
        this.dropped++;
        return;
      }
      entry = this.newEntry(ref, type, reason, message, action, now, stamp);
      this.remember(key, entry);
    }
    if (!entry.queued && !entry.writing) this.enqueue(entry);
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.backlog.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** rfc3339 of now, formatted once per second: a burst records thousands of events in the same one. */
  private timestamp(now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = rfc3339(second * 1000);
    }
    return this.stamp;
  }

  private newEntry(
    ref: ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    action: string | undefined,
    now: number,
    stamp: string,
  ): Entry {
    return {
      ref,
      type,
      reason,
      message,
      action,
      name: this.eventName(ref),
      namespace: ref.namespace || 'default',
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      lastMs: now,
      count: 1,
      written: 0,
      queued: false,
      writing: false,
    };
  }

  /**
   * Kubernetes names events <object>.<unix nanoseconds in hex>; milliseconds in hex plus a sequence number
   * keep names as unique without BigInt arithmetic on every event.
   */
  private eventName(ref: ObjectReference): string {
    const seq = (this.seq++ % 0x10000).toString(16).padStart(4, '0');
    return `${ref.name ?? ''}.${this.o.clock.now().toString(16)}${seq}`;
  }

  private remember(key: string, entry: Entry): void {
    this.seen.set(key, entry);
    if (this.seen.size <= REMEMBERED) return;
    for (const [k, e] of this.seen) {
      if (this.seen.size <= REMEMBERED) break;
      if (!e.queued && !e.writing) this.seen.delete(k);
    }
  }

  private enqueue(entry: Entry): void {
    entry.queued = true;
    this.backlog.push(entry);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < (this.o.concurrency ?? 8) && this.backlog.length > 0) {
      const entry = this.backlog.shift()!;
      entry.queued = false;
      entry.writing = true;
      this.inFlight++;
      void this.write(entry).finally(() => {
        entry.writing = false;
        this.inFlight--;
        if (entry.count > entry.written && !entry.queued) this.enqueue(entry);
        this.pump();
        if (this.inFlight === 0 && this.backlog.length === 0) for (const w of this.idle.splice(0)) w();
      });
    }
  }

  private async write(entry: Entry): Promise<void> {
    const count = entry.count;
    try {
      if (entry.written > 0) {
        const patch = { count, lastTimestamp: entry.lastTimestamp };
        await this.o.client.patch('events', entry.namespace, entry.name, 'merge', patch);
      } else {
        await this.o.client.create('events', entry.namespace, this.eventOf(entry, count));
      }
      entry.written = count;
    } catch (err) {
      if (entry.written > 0 && isNotFound(err)) {
        // Expired or deleted meanwhile: the next write creates it again under a new name.
        entry.written = 0;
        entry.name = this.eventName(entry.ref);
        return;
      }
      entry.written = count; // given up: do not retry this occurrence forever
      this.o.log?.warn({ reason: entry.reason, err: (err as Error).message }, 'could not record event');
    }
  }

  private eventOf(entry: Entry, count: number): Event {
    const { component, host } = this.o;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject: entry.ref,
      reason: entry.reason,
      message: entry.message,
      type: entry.type,
      ...(entry.action ? { action: entry.action } : {}),
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: this.o.instance ?? host ?? '',
      firstTimestamp: entry.firstTimestamp,
      lastTimestamp: entry.lastTimestamp,
      count,
    };
  }
}
