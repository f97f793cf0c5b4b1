// WorkQueueMetrics: client-go's workqueue metrics, one series per queue name, in a Registry the caller owns
// (never prom-client's global one, so several components — or several tests — share a process safely).
//   k8ts_workqueue_depth{name}                    keys ready to be handed out now
//   k8ts_workqueue_adds_total{name}               keys that entered the ready queue
//   k8ts_workqueue_queue_duration_seconds{name}   how long a key waited in the ready queue before get()
//   k8ts_workqueue_work_duration_seconds{name}    get() → done(): how long one sync of a key took
//   k8ts_workqueue_retries_total{name}            addRateLimited: keys put back after a failure
//   k8ts_workqueue_sync_errors_total{name}        syncs that failed (runWorkers)
// Durations are measured on the queue's clock, so a FakeClock gives exact values in tests.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60];

/** What one named queue reports; WorkQueue calls these. */
export interface QueueMetrics {
  add(): void;
  /** The ready queue's length changed. */
  depth(n: number): void;
  queued(ms: number): void;
  worked(ms: number): void;
  retry(): void;
  syncError(): void;
}

export class WorkQueueMetrics {
  private readonly depthGauge: Gauge<'name'>;
  private readonly adds: Counter<'name'>;
  private readonly queueSeconds: Histogram<'name'>;
  private readonly workSeconds: Histogram<'name'>;
  private readonly retries: Counter<'name'>;
  private readonly syncErrors: Counter<'name'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.depthGauge = new Gauge({
      name: 'k8ts_workqueue_depth',
      help: 'Current depth of the work queue: keys ready to be processed.',
      labelNames: ['name'],
      registers,
    });
    this.adds = new Counter({
      name: 'k8ts_workqueue_adds_total',
      help: 'Keys added to the work queue (a key already queued is not counted again).',
      labelNames: ['name'],
      registers,
    });
    this.queueSeconds = new Histogram({
      name: 'k8ts_workqueue_queue_duration_seconds',
      help: 'How long a key stays in the work queue before being requested.',
      labelNames: ['name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.workSeconds = new Histogram({
      name: 'k8ts_workqueue_work_duration_seconds',
      help: 'How long processing one key from the work queue takes.',
      labelNames: ['name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.retries = new Counter({
      name: 'k8ts_workqueue_retries_total',
      help: 'Keys put back in the work queue with back-off after a failed sync.',
      labelNames: ['name'],
      registers,
    });
    this.syncErrors = new Counter({
      name: 'k8ts_workqueue_sync_errors_total',
      help: 'Syncs of a key that failed.',
      labelNames: ['name'],
      registers,
    });
  }

  /** The recorder for the queue called `name` (client-go names them after their controller). */
  forQueue(name: string): QueueMetrics {
    const labels = { name };
    this.depthGauge.set(labels, 0); // a queue that exists shows, even before its first key
    this.adds.inc(labels, 0);
    this.retries.inc(labels, 0);
    this.syncErrors.inc(labels, 0);
    return {
      add: () => this.adds.inc(labels),
      depth: (n) => this.depthGauge.set(labels, n),
      queued: (ms) => this.queueSeconds.observe(labels, ms / 1000),
      worked: (ms) => this.workSeconds.observe(labels, ms / 1000),
      retry: () => this.retries.inc(labels),
      syncError: () => this.syncErrors.inc(labels),
    };
  }
}
