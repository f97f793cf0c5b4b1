// SchedulerMetrics: kube-scheduler's metrics under k8ts_scheduler_, in a Registry of the scheduler's own:
//   schedule_attempts_total{result}            scheduled | unschedulable | error (a binding that failed)
//   e2e_scheduling_duration_seconds            from the pod leaving the queue to its binding done (or its
//                                              unschedulable verdict): what one attempt costs end to end
//   binding_duration_seconds                   the POST pods/<name>/binding alone
//   pending_pods{queue}                        active | backoff | unschedulable, read at scrape time
// Durations are on the scheduler's clock.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';
export type QueueCounts = { active: number; backoff: number; unschedulable: number };

const BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

export class SchedulerMetrics {
  readonly registry: Registry;
  readonly attempts: Counter<'result'>;
  readonly e2eSeconds: Histogram;
  readonly bindingSeconds: Histogram;
  private pending: () => QueueCounts = () => ({ active: 0, backoff: 0, unschedulable: 0 });

  constructor(registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.attempts = new Counter({
      name: 'k8ts_scheduler_schedule_attempts_total',
      help: 'Attempts to schedule pods, by result (scheduled, unschedulable, error).',
      labelNames: ['result'],
      registers,
    });
    for (const result of ['scheduled', 'unschedulable', 'error']) this.attempts.inc({ result }, 0);
    this.e2eSeconds = new Histogram({
      name: 'k8ts_scheduler_e2e_scheduling_duration_seconds',
      help: 'Scheduling latency: from taking a pod off the queue to its binding (or unschedulable verdict).',
      buckets: BUCKETS,
      registers,
    });
    this.bindingSeconds = new Histogram({
      name: 'k8ts_scheduler_binding_duration_seconds',
      help: 'Binding latency: the pods/<name>/binding request.',
      buckets: BUCKETS,
      registers,
    });
    const pending = () => this.pending();
    new Gauge({
      name: 'k8ts_scheduler_pending_pods',
      help: 'Pods waiting to be scheduled, by queue (active, backoff, unschedulable).',
      labelNames: ['queue'],
      registers,
      collect() {
        const counts = pending();
        for (const queue of ['active', 'backoff', 'unschedulable'] as const)
          this.set({ queue }, counts[queue]);
      },
    });
  }

  /** Where pending_pods reads from at scrape time (the scheduler's queue). */
  watchQueue(counts: () => QueueCounts): void {
    this.pending = counts;
  }

  attempt(result: AttemptResult, e2eMs: number): void {
    this.attempts.inc({ result });
    this.e2eSeconds.observe(e2eMs / 1000);
  }
}
