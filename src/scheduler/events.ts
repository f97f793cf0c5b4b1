// SchedulerEvents: the scheduler's Scheduled and FailedScheduling events about pods, written through the
// shared EventRecorder (src/client/record) from source/reportingComponent "default-scheduler" (or the
// scheduler's name), the way kube-scheduler's recorder does: repeats count up one event, writes run in the
// background and never block the scheduling loop, and a full backlog drops events (counted in `dropped`).
import type { Pod } from '../api/types';
import { EventRecorder, type ClientInterface, type EventType } from '../client';
import type { Clock, Logger } from '../util';

export type { EventType };

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

export class SchedulerEvents {
  private readonly recorder: EventRecorder;

  constructor(o: SchedulerEventsOptions) {
    this.recorder = new EventRecorder({ ...o, component: o.component ?? 'default-scheduler' });
  }

  /** Events dropped because the backlog was full. */
  get dropped(): number {
    return this.recorder.dropped;
  }

  /** Records an event about pod; `action` is what the scheduler was doing (Scheduling, Binding). */
  record(pod: Pod, type: EventType, reason: string, message: string, action = 'Scheduling'): void {
    const m = pod.metadata ?? {};
    const ref = {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
    };
    this.recorder.record(ref, type, reason, message, action);
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.recorder.flush();
  }
}
