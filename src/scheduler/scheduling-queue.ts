// SchedulingQueue: the pods waiting for a node, kube-scheduler's PriorityQueue without priorities. Three
// places a pod can wait, and how it moves between them:
//   active         FIFO by arrival; pop() takes from here, one pod per scheduling cycle.
//   backoff        a pod that failed, waiting out its back-off (1 s doubling per attempt, capped at 10 s)
//                  before it returns to active.
//   unschedulable  a pod that fit nowhere. Retrying it is pointless until the cluster changes, so it
//                  waits for moveAllToActive() (a node added or changed, a pod deleted: "move on cluster
//                  event"), which sends it to active, or to backoff if its back-off has not run out. One
//                  parked longer than 60 s is moved anyway (a change the scheduler was not told about).
// A pod is in at most one place. Keys are namespace/name (the informer's); the queue keeps the newest
// object the informer showed for each.
import type { Pod } from '../api/types';
import type { Clock } from '../util';

export interface QueuedPod {
  pod: Pod;
  key: string;
  /** Scheduling attempts so far (pop() counts one). */
  attempts: number;
  /** When the pod last failed (clock ms); back-off and the unschedulable timeout run from here. */
  failedAt: number;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long an unschedulable pod may wait without a cluster event before it is retried anyway. */
  maxUnschedulableMs?: number;
  /** How often parked pods are checked against maxUnschedulableMs. */
  flushIntervalMs?: number;
}

const podKeyOf = (pod: Pod) => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

export class SchedulingQueue {
  private readonly active = new Map<string, QueuedPod>();
  private readonly backoff = new Map<string, { entry: QueuedPod; cancel: () => void }>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly waiters: ((p: QueuedPod | undefined) => void)[] = [];
  private readonly clock: Clock;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly maxParkedMs: number;
  private cancelFlush: (() => void) | undefined;
  private closed = false;

  constructor(options: SchedulingQueueOptions) {
    this.clock = options.clock;
    this.initialMs = options.initialBackoffMs ?? 1000;
    this.maxMs = options.maxBackoffMs ?? 10_000;
    this.maxParkedMs = options.maxUnschedulableMs ?? 60_000;
    this.scheduleFlush(options.flushIntervalMs ?? 30_000);
  }

  static keyOf(pod: Pod): string {
    return podKeyOf(pod);
  }

  /**
   * A pod the informer shows waiting for a node (added or changed). A new pod joins active; a queued one
   * keeps its place with the newer object, except that an unschedulable pod whose spec or labels changed
   * is worth retrying now (status-only changes, like our own PodScheduled condition, are not).
   */
  addOrUpdate(pod: Pod): void {
    if (this.closed) return;
    const key = podKeyOf(pod);
    const queued = this.active.get(key) ?? this.backoff.get(key)?.entry;
    if (queued) {
      queued.pod = pod;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      const changed = specChanged(parked.pod, pod);
      parked.pod = pod;
      if (changed) this.unpark(parked);
      return;
    }
    this.pushActive({ pod, key, attempts: 0, failedAt: 0 });
  }

  /** The pod was bound, deleted or finished: it waits nowhere any more. */
  delete(pod: Pod): void {
    const key = podKeyOf(pod);
    this.active.delete(key);
    this.unschedulable.delete(key);
    const b = this.backoff.get(key);
    if (b) {
      b.cancel();
      this.backoff.delete(key);
    }
  }

  /** The next pod to schedule, oldest first; waits for one; undefined once closed. Counts an attempt. */
  pop(): Promise<QueuedPod | undefined> {
    const next = this.takeActive();
    if (next || this.closed) return Promise.resolve(next);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The pod fit on no node: park it until the cluster changes. */
  addUnschedulable(entry: QueuedPod): void {
    if (this.closed || this.has(entry.key)) return;
    entry.failedAt = this.clock.now();
    this.unschedulable.set(entry.key, entry);
  }

  /** Scheduling or binding the pod failed for a reason that may pass: retry it after its back-off. */
  addBackoff(entry: QueuedPod): void {
    if (this.closed || this.has(entry.key)) return;
    entry.failedAt = this.clock.now();
    this.startBackoff(entry);
  }

  /** A cluster event that may make parked pods fit: every one of them is tried again (after back-off). */
  moveAllToActive(): void {
    for (const entry of [...this.unschedulable.values()]) this.unpark(entry);
  }

  /** How many pods wait in each place. */
  counts(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key);
  }

  /** Wakes every waiting pop() with undefined, drops every pod and cancels every timer. */
  close(): void {
    this.closed = true;
    this.cancelFlush?.();
    for (const b of this.backoff.values()) b.cancel();
    this.backoff.clear();
    this.active.clear();
    this.unschedulable.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** The back-off of a pod that has failed `attempts` times: 1 s, 2 s, 4 s, 8 s, then 10 s. */
  backoffMs(attempts: number): number {
    return Math.min(this.maxMs, this.initialMs * 2 ** Math.max(0, attempts - 1));
  }

  private unpark(entry: QueuedPod): void {
    this.unschedulable.delete(entry.key);
    const remaining = entry.failedAt + this.backoffMs(entry.attempts) - this.clock.now();
    if (remaining > 0) this.startBackoff(entry);
    else this.pushActive(entry);
  }

  private startBackoff(entry: QueuedPod): void {
    const due = entry.failedAt + this.backoffMs(entry.attempts) - this.clock.now();
    const cancel = this.clock.setTimeout(() => {
      this.backoff.delete(entry.key);
      this.pushActive(entry);
    }, due);
    this.backoff.set(entry.key, { entry, cancel });
  }

  private pushActive(entry: QueuedPod): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      entry.attempts++;
      waiter(entry);
    } else this.active.set(entry.key, entry);
  }

  private takeActive(): QueuedPod | undefined {
    const first = this.active.values().next();
    if (first.done) return undefined;
    this.active.delete(first.value.key);
    first.value.attempts++;
    return first.value;
  }

  private scheduleFlush(intervalMs: number): void {
    if (this.closed) return;
    this.cancelFlush = this.clock.setTimeout(() => {
      const now = this.clock.now();
      for (const entry of [...this.unschedulable.values()])
        if (now - entry.failedAt >= this.maxParkedMs) this.unpark(entry);
      this.scheduleFlush(intervalMs);
    }, intervalMs);
  }
}

/** What an update must change for a parked pod to be worth retrying: anything but status and bookkeeping. */
function specChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) =>
    JSON.stringify([p.spec, p.metadata?.labels, p.metadata?.annotations, p.metadata?.deletionTimestamp]);
  return a !== b && strip(a) !== strip(b);
}
