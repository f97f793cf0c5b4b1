// Scheduler: kube-scheduler's loop on src/client ("scheduler → informer → queue → binding").
//   informers (nodes, all pods, services, replication controllers) → SchedulerCache + SchedulingQueue
//   → one scheduling cycle at a time: pop a pod, schedulePod on the cache (synchronous), assumePod
//   → bind asynchronously (many bindings in flight, bounded) → finishBinding, Scheduled event
//   a pod that fits nowhere → FailedScheduling event, PodScheduled=False, parked until the cluster changes
//   a binding that fails → forgetPod, retried after back-off (409 "already assigned" or 404: dropped).
// Because every decision is counted in the cache before the next one is made, parallel bindings never
// over-commit a node.
import { isConflict, isNotFound } from '../api/errors';
import type { Node, Pod, ReplicationController, Service } from '../api/types';
import type { ClientInterface, SharedInformer, SharedInformerFactory } from '../client';
import { objectFields, realClock, type Clock, type Logger } from '../util';
import { SchedulerCache } from './cache';
import { REASON_FAILED_SCHEDULING, REASON_SCHEDULED, scheduledMessage } from './event-messages';
import { nodeEventHandler, podEventHandler } from './event-handlers';
import { SchedulerEvents } from './events';
import { SchedulerMetrics } from './metrics';
import { schedulePod } from './generic-scheduler';
import { OwnerSelectors } from './owner-selectors';
import { unschedulablePatch } from './pod-condition';
import { needsScheduling } from './pod-info';
import { SchedulingQueue, type QueuedPod, type SchedulingQueueOptions } from './scheduling-queue';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export interface SchedulerOptions {
  client: ClientInterface;
  /** Shared with other components of the process; the scheduler adds its handlers and starts it. */
  factory: SharedInformerFactory;
  clock?: Clock;
  /** Uniform in [0, 1), for breaking ties between equally good nodes; absent: round-robin. */
  rng?: () => number;
  log?: Logger;
  /** Pods whose spec.schedulerName is this are ours. */
  schedulerName?: string;
  /** reportingInstance of our events (the leader-election identity, say). */
  identity?: string;
  /** Bindings in flight at most; the next decision waits for a free slot. */
  parallelBinds?: number;
  /** 1–100 fixes the share of nodes searched; 0/absent is kube-scheduler's adaptive default. */
  percentageOfNodesToScore?: number;
  queue?: Omit<SchedulingQueueOptions, 'clock'>;
  /** Where attempts, latencies and queue sizes are counted; default: a registry of this scheduler's own. */
  metrics?: SchedulerMetrics;
}

/** What the scheduler has done since it started; for logs, tests and benchmarks. */
export interface SchedulerStats {
  scheduled: number;
  unschedulable: number;
  bindFailures: number;
}

export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly events: SchedulerEvents;
  readonly metrics: SchedulerMetrics;
  readonly stats: SchedulerStats = { scheduled: 0, unschedulable: 0, bindFailures: 0 };
  private readonly pods: SharedInformer<Pod>;
  private readonly owners: OwnerSelectors;
  private readonly clock: Clock;
  private readonly schedulerName: string;
  private readonly maxBinds: number;
  private binds = 0;
  private slotFreed: (() => void) | undefined;
  private allBound: (() => void) | undefined;

  constructor(private readonly o: SchedulerOptions) {
    this.clock = o.clock ?? realClock;
    this.schedulerName = o.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.maxBinds = Math.max(1, o.parallelBinds ?? 64);
    this.cache = new SchedulerCache({ clock: this.clock });
    this.queue = new SchedulingQueue({ clock: this.clock, ...o.queue });
    this.metrics = o.metrics ?? new SchedulerMetrics();
    this.metrics.watchQueue(() => this.queue.counts());
    this.events = new SchedulerEvents({
      client: o.client,
      clock: this.clock,
      component: this.schedulerName,
      instance: o.identity,
      log: o.log,
    });
    const nodes = o.factory.informerFor<Node>('nodes');
    this.pods = o.factory.informerFor<Pod>('pods');
    const services = o.factory.informerFor<Service>('services');
    const rcs = o.factory.informerFor<ReplicationController>('replicationcontrollers');
    this.owners = new OwnerSelectors(services.indexer, rcs.indexer);
    const deps = { cache: this.cache, queue: this.queue, schedulerName: this.schedulerName };
    nodes.addEventHandler(nodeEventHandler(deps));
    this.pods.addEventHandler(podEventHandler(deps));
    const invalidate = () => this.owners.invalidate();
    for (const i of [services, rcs])
      i.addEventHandler({ onAdd: invalidate, onUpdate: invalidate, onDelete: invalidate });
  }

  /**
   * Starts the informers, waits for their caches, then schedules until signal aborts. Resolves once the
   * bindings in flight have finished. The factory is the caller's to stop.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.queue.close(), { once: true });
    this.o.factory.start();
    if (!(await this.o.factory.waitForCacheSync(signal))) return;
    const stopCleanup = this.every(1000, () => this.cache.cleanupExpired());
    this.o.log?.info({ nodes: this.cache.nodeInfos().length }, 'caches synced; scheduling');
    try {
      for (;;) {
        await this.freeBindSlot();
        const entry = await this.queue.pop();
        if (!entry) break;
        this.scheduleOne(entry);
      }
      await this.bindingsDone();
    } finally {
      stopCleanup();
    }
  }

  /** One scheduling cycle: decide on the cache now, then bind in the background. */
  private scheduleOne(entry: QueuedPod): void {
    // The informer may have moved on since the pod was queued (deleted, bound, being bound).
    const pod = this.pods.indexer.get(entry.key);
    if (!pod || !needsScheduling(pod, this.schedulerName) || this.cache.isAssumed(pod)) return;
    entry.pod = pod;
    const started = this.clock.now();
    const result = schedulePod(pod, this.cache, {
      selectorsFor: this.owners.selectorsFor,
      rng: this.o.rng,
      percentageOfNodesToScore: this.o.percentageOfNodesToScore,
    });
    if ('error' in result) {
      this.metrics.attempt('unschedulable', this.clock.now() - started);
      return this.unschedulable(entry, result.error.message);
    }
    if (!this.cache.assumePod(pod, result.nodeName)) return;
    this.binds++;
    void this.bind(entry, result.nodeName, started).finally(() => {
      this.binds--;
      this.slotFreed?.();
      if (this.binds === 0) this.allBound?.();
    });
  }

  private unschedulable(entry: QueuedPod, message: string): void {
    const { pod } = entry;
    this.stats.unschedulable++;
    this.o.log?.info({ ...objectFields(pod), attempts: entry.attempts }, message);
    this.events.record(pod, 'Warning', REASON_FAILED_SCHEDULING, message);
    this.queue.addUnschedulable(entry);
    const patch = unschedulablePatch(pod, message, this.clock.now());
    if (!patch) return;
    const { namespace, name } = pod.metadata ?? {};
    this.o.client
      .patchSubresource('pods', namespace, name ?? '', 'status', 'strategic', patch)
      .catch((err: unknown) =>
        this.o.log?.warn(
          { ...objectFields(pod), err: (err as Error).message },
          'could not set PodScheduled condition',
        ),
      );
  }

  private async bind(entry: QueuedPod, nodeName: string, started: number): Promise<void> {
    const { pod } = entry;
    const bindStart = this.clock.now();
    try {
      await this.o.client.bind(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', nodeName);
      this.metrics.bindingSeconds.observe((this.clock.now() - bindStart) / 1000);
    } catch (err) {
      this.metrics.attempt('error', this.clock.now() - started);
      this.cache.forgetPod(pod);
      // What the assumption held is free again: parked pods may fit now (kube-scheduler does the same).
      this.queue.moveAllToActive();
      const message = (err as Error).message;
      if (isConflict(err) || isNotFound(err)) {
        // Already bound (by us earlier, or by someone else) or gone: the informer will show which.
        this.o.log?.info({ ...objectFields(pod), err: message }, 'binding not needed any more');
        return;
      }
      this.stats.bindFailures++;
      this.o.log?.warn(
        { ...objectFields(pod), node: nodeName, err: message },
        'binding failed; retrying after back-off',
      );
      this.events.record(pod, 'Warning', REASON_FAILED_SCHEDULING, `Binding rejected: ${message}`);
      const current = this.pods.indexer.get(entry.key);
      if (current && needsScheduling(current, this.schedulerName)) {
        entry.pod = current;
        this.queue.addBackoff(entry);
      }
      return;
    }
    this.cache.finishBinding(pod);
    this.stats.scheduled++;
    this.metrics.attempt('scheduled', this.clock.now() - started);
    this.o.log?.debug({ ...objectFields(pod), node: nodeName }, 'bound pod to node');
    this.events.record(pod, 'Normal', REASON_SCHEDULED, scheduledMessage(pod, nodeName), 'Binding');
  }

  private async freeBindSlot(): Promise<void> {
    while (this.binds >= this.maxBinds) await new Promise<void>((r) => (this.slotFreed = r));
    this.slotFreed = undefined;
  }

  private async bindingsDone(): Promise<void> {
    while (this.binds > 0) await new Promise<void>((r) => (this.allBound = r));
    this.allBound = undefined;
  }

  /** Runs fn every ms on the clock until the returned function is called. */
  private every(ms: number, fn: () => void): () => void {
    let cancel: () => void;
    const tick = () => {
      fn();
      cancel = this.clock.setTimeout(tick, ms);
    };
    cancel = this.clock.setTimeout(tick, ms);
    return () => cancel();
  }
}
