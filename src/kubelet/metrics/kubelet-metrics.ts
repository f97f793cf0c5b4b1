// KubeletMetrics: the kubelet's metrics under k8ts_kubelet_, in a Registry of its own, served at /metrics on
// the kubelet's port:
//   pod_start_duration_seconds                   first seen from a source → every container running
//   runtime_operations_duration_seconds{operation}, runtime_operations_errors_total{operation}
//                                                each Runtime call (syncPod, killPod, listPods, ...)
//   running_pods, running_containers             read from the runtime at scrape time
//   pod_worker_duration_seconds                  one sync of one pod by its worker
//   housekeeping_duration_seconds                the periodic resync (every pod re-queued, orphans killed):
//                                                the kubelet's sync loop, in place of Kubernetes' PLEG relist
// Durations are on the kubelet's clock.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../../util';
import type { PodRuntimeStatus, RuntimePod } from '../runtime/runtime';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class KubeletMetrics {
  readonly registry: Registry;
  readonly podStartSeconds: Histogram;
  readonly operationSeconds: Histogram<'operation'>;
  readonly operationErrors: Counter<'operation'>;
  readonly podWorkerSeconds: Histogram;
  readonly housekeepingSeconds: Histogram;
  /** When each pod not yet running was first seen (clock ms), by UID. */
  private readonly firstSeen = new Map<string, number>();
  private listPods: () => Promise<RuntimePod[]> = async () => [];
  private listing: Promise<number[] | undefined> | undefined;

  constructor(
    private readonly clock: Clock,
    registry = new Registry(),
  ) {
    this.registry = registry;
    const registers = [registry];
    this.podStartSeconds = new Histogram({
      name: 'k8ts_kubelet_pod_start_duration_seconds',
      help: 'Time from the kubelet first seeing a pod to all its containers running.',
      buckets: BUCKETS,
      registers,
    });
    this.operationSeconds = new Histogram({
      name: 'k8ts_kubelet_runtime_operations_duration_seconds',
      help: 'Duration of container runtime operations, by operation.',
      labelNames: ['operation'],
      buckets: BUCKETS,
      registers,
    });
    this.operationErrors = new Counter({
      name: 'k8ts_kubelet_runtime_operations_errors_total',
      help: 'Container runtime operations that failed, by operation.',
      labelNames: ['operation'],
      registers,
    });
    this.podWorkerSeconds = new Histogram({
      name: 'k8ts_kubelet_pod_worker_duration_seconds',
      help: 'Duration of one sync of one pod by its worker.',
      buckets: BUCKETS,
      registers,
    });
    this.housekeepingSeconds = new Histogram({
      name: 'k8ts_kubelet_housekeeping_duration_seconds',
      help: 'Duration of the periodic resync of every pod and clean-up of orphans.',
      buckets: BUCKETS,
      registers,
    });
    this.runningGauges(registers);
  }

  private runningGauges(registers: Registry[]): void {
    const running = () => this.runningPerPod();
    new Gauge({
      name: 'k8ts_kubelet_running_pods',
      help: 'Pods with a running container.',
      registers,
      async collect() {
        const perPod = await running();
        if (perPod) this.set(perPod.filter((n) => n > 0).length); // runtime down: keep the last value
      },
    });
    new Gauge({
      name: 'k8ts_kubelet_running_containers',
      help: 'Containers running on this node.',
      registers,
      async collect() {
        const perPod = await running();
        if (perPod) this.set(perPod.reduce((a, b) => a + b, 0));
      },
    });
  }

  /** Running containers per pod, from one runtime listing shared by both gauges of a scrape. */
  private runningPerPod(): Promise<number[] | undefined> {
    this.listing ??= this.listPods()
      .then(
        (pods) => pods.map((p) => p.containers.filter((c) => c.state === 'running').length),
        () => undefined,
      )
      .finally(() => (this.listing = undefined));
    return this.listing;
  }

  /** Where running_pods/running_containers are read from (the runtime itself, not its instrumented wrapper). */
  observeRuntime(listPods: () => Promise<RuntimePod[]>): void {
    this.listPods = listPods;
  }

  /** A source delivered the pod: its start latency runs from the first time only. */
  podSeen(uid: string): void {
    if (!this.firstSeen.has(uid)) this.firstSeen.set(uid, this.clock.now());
  }

  /** The result of a syncPod: once every container runs, the pod's start latency is observed (once). */
  podSynced(status: PodRuntimeStatus): void {
    const seen = this.firstSeen.get(status.uid);
    if (seen === undefined || status.containers.length === 0) return;
    if (!status.containers.every((c) => c.state === 'running')) return;
    this.firstSeen.delete(status.uid);
    this.podStartSeconds.observe((this.clock.now() - seen) / 1000);
  }

  /** The pod is gone (it may never have run). */
  podForgotten(uid: string): void {
    this.firstSeen.delete(uid);
  }

  /** Runs one runtime operation, timing it and counting its failure. */
  async operation<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const start = this.clock.now();
    try {
      return await fn();
    } catch (err) {
      this.operationErrors.inc({ operation });
      throw err;
    } finally {
      this.operationSeconds.observe({ operation }, (this.clock.now() - start) / 1000);
    }
  }

  /** Times fn as one run of `histogram` on the clock. */
  async time<T>(histogram: Histogram, fn: () => Promise<T>): Promise<T> {
    const start = this.clock.now();
    try {
      return await fn();
    } finally {
      histogram.observe((this.clock.now() - start) / 1000);
    }
  }
}
