// SchedulerEvents: the scheduler's Scheduled and FailedScheduling events, written as v1 Events from
// source/reportingComponent "default-scheduler", the way kube-scheduler's recorder does:
//  - an event repeating an earlier one (same pod, reason and message) is not written again: the existing
//    object gets count+1 and a new lastTimestamp (client-go's correlator), and repeats that arrive while
//    a write is in flight are folded into the next one;
//  - writes run in the background, a few at a time, and never block or fail the scheduling loop;
//  - when the backlog is full (an apiserver that cannot keep up) new events are dropped and counted, as
//    client-go's broadcaster drops them, rather than letting memory grow without bound.
import { isNotFound } from '../api/errors';
import type { Event, Pod } from '../api/types';
import type { ClientInterface } from '../client';
import { rfc3339, type Clock, type Logger } from '../util';

export type EventType = 'Normal' | 'Warning';

export interface SchedulerEventsOptions {
  client: ClientInterface;
  clock: Clock;
  /** source.component and reportingComponent. */
  component?: string;
  /** reportingInstance: this scheduler's identity. */
  instance?: string;
  /** Writes in flight at most. */
  concurrency?: number;
  /** Events waiting to be written at most; beyond this they are dropped. */
  maxQueued?: number;
  log?: Logger;
}

interface Entry {
  pod: Pod;
  type: EventType;
  reason: string;
  message: string;
  action: string;
  name: string;
  namespace: string;
  firstTimestamp: string;
  lastTimestamp: string;
  /** Occurrences recorded, and how many of them the stored object shows. */
  count: number;
  written: number;
  queued: boolean;
  writing: boolean;
}

/** How many distinct events are remembered for counting repeats; the oldest are forgotten first. */
const REMEMBERED = 4096;

export class SchedulerEvents {
  private readonly seen = new Map<string, Entry>();
  private readonly backlog: Entry[] = [];
  private inFlight = 0;
  private seq = 0;
  private stampSecond = NaN;
  private stamp = '';
  private idle: (() => void)[] = [];
  /** Events dropped because the backlog was full. */
  dropped = 0;
  private readonly component: string;

  constructor(private readonly o: SchedulerEventsOptions) {
    this.component = o.component ?? 'default-scheduler';
  }

  /** Records an event about pod; `action` is what the scheduler was doing (Scheduling, Binding). */
  record(pod: Pod, type: EventType, reason: string, message: string, action = 'Scheduling'): void {
    const now = this.timestamp();
    const key = [pod.metadata?.uid, pod.metadata?.namespace, pod.metadata?.name, reason, message].join('\n');
    let entry = this.seen.get(key);
    if (entry) {
      entry.count++;
      entry.lastTimestamp = now;
    } else {
      if (this.backlog.length >= (this.o.maxQueued ?? 1000)) {
        this.dropped++;
        return;
      }
      entry = this.newEntry(pod, type, reason, message, action, now);
      this.remember(key, entry);
    }
    if (!entry.queued && !entry.writing) this.enqueue(entry);
  }

  /** rfc3339 of now, formatted once per second: a burst records thousands of events in the same one. */
  private timestamp(): string {
    const second = Math.floor(this.o.clock.now() / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = rfc3339(second * 1000);
    }
    return this.stamp;
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    if (this.inFlight === 0 && this.backlog.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private newEntry(
    pod: Pod,
    type: EventType,
    reason: string,
    message: string,
    action: string,
    now: string,
  ): Entry {
    return {
      pod,
      type,
      reason,
      message,
      action,
      name: this.eventName(pod),
      namespace: pod.metadata?.namespace || 'default',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      written: 0,
      queued: false,
      writing: false,
    };
  }

  /**
   * kube-scheduler names events <pod>.<unix nanoseconds in hex>; milliseconds in hex plus a sequence
   * number keep names as unique without BigInt arithmetic on every event.
   */
  private eventName(pod: Pod): string {
    const seq = (this.seq++ % 0x10000).toString(16).padStart(4, '0');
    return `${pod.metadata?.name ?? ''}.${this.o.clock.now().toString(16)}${seq}`;
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
        entry.name = this.eventName(entry.pod);
        return;
      }
      entry.written = count; // given up: do not retry this occurrence forever
      this.o.log?.warn({ reason: entry.reason, err: (err as Error).message }, 'could not record event');
    }
  }

  private eventOf(entry: Entry, count: number): Event {
    const { pod } = entry;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: pod.metadata?.namespace,
        name: pod.metadata?.name,
        uid: pod.metadata?.uid,
        resourceVersion: pod.metadata?.resourceVersion,
      },
      reason: entry.reason,
      message: entry.message,
      type: entry.type,
      action: entry.action,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.o.instance ?? '',
      firstTimestamp: entry.firstTimestamp,
      lastTimestamp: entry.lastTimestamp,
      count,
    };
  }
}
