// ReplicationManager: the replication controller's loop (STYLE.md rule 6, k8s ReplicaSetController).
// Informer handlers only enqueue RC keys and count expectations (./event-handlers); sync(key) reads the
// RC and its namespace's pods from the caches and applies the pure decisions of this folder: claim pods,
// create or delete replicas when the expectations of the last sync are met, then write status if it
// changed. A sync that fails rejects, and runWorkers requeues the key with back-off. A status write that
// conflicts only means the cached RC is behind our own last status write: like k8s updateReplicaSetStatus,
// it is retried once on the RC read fresh, instead of failing the sync and growing the key's back-off.
import { isConflict, isNotFound } from '../../api/errors';
import type { Pod, ReplicationController } from '../../api/types';
import {
  NAMESPACE_INDEX,
  WorkQueue,
  runWorkers,
  type ClientInterface,
  type Indexer,
  type SharedInformerFactory,
} from '../../client';
import { EventRecorder } from '../../client/record';
import type { WorkQueueMetrics } from '../../client/workqueue/metrics';
import type { Clock, Logger } from '../../util';
import { podEventHandler, rcEventHandler } from './event-handlers';
import { Expectations } from './expectations';
import { claimPods, manageReplicas } from './manage-replicas';
import { podsToManage } from './pods-to-manage';
import { nextAvailableInMs, rcStatus, statusEqual, type ReplicationControllerStatus } from './rc-status';
import { BURST_REPLICAS, replicaDiff } from './replica-diff';

export interface ReplicationManagerDeps {
  client: ClientInterface;
  /** The replicationcontrollers informer's cache. */
  rcs: Indexer<ReplicationController>;
  /** The pods informer's cache (with the namespace index every informer has). */
  pods: Indexer<Pod>;
  queue: WorkQueue<string>;
  expectations: Expectations;
  clock: Clock;
  burstReplicas?: number;
  log?: Logger;
  /** Where creates and deletes are told as events; none when absent (tests compare exact API calls). */
  events?: EventRecorder;
}

export class ReplicationManager {
  constructor(readonly deps: ReplicationManagerDeps) {}

  /** Level-triggered: safe to call for any key at any time, any number of times. */
  async sync(key: string): Promise<void> {
    const { rcs, pods, expectations, clock, queue } = this.deps;
    const rc = rcs.get(key);
    if (!rc) {
      // Deleted: its pods are the garbage collector's now.
      expectations.delete(key);
      return;
    }
    // Read before claiming: events the claim causes must not make us think the last sync's are in.
    const needsSync = expectations.satisfied(key);
    const claim = podsToManage(rc, pods.byIndex(NAMESPACE_INDEX, rc.metadata?.namespace ?? ''));
    const active = await claimPods(this.deps, rc, claim);

    let failure;
    if (needsSync && !rc.metadata?.deletionTimestamp) {
      const diff = replicaDiff(rc, active, this.deps.burstReplicas ?? BURST_REPLICAS);
      failure = await manageReplicas(this.deps, key, rc, diff);
    }

    const now = clock.now();
    const status = rcStatus(rc, active, now, failure);
    if (!statusEqual(rc.status, status)) {
      await this.writeStatus(rc, status);
    }
    const recheck = nextAvailableInMs(rc, active, now);
    if (recheck !== undefined) queue.addAfter(key, recheck);
    if (failure) throw new Error(`${failure.reason}: ${failure.message}`);
  }

  /** Writes status on rc; on a conflict, once more on the RC as the apiserver has it now. */
  private async writeStatus(rc: ReplicationController, status: ReplicationControllerStatus): Promise<void> {
    const { client } = this.deps;
    const ns = rc.metadata?.namespace;
    try {
      await client.updateStatus('replicationcontrollers', ns, { ...rc, status });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    let fresh: ReplicationController;
    try {
      fresh = await client.get<ReplicationController>('replicationcontrollers', ns, rc.metadata!.name!);
    } catch (err) {
      if (isNotFound(err)) return; // deleted meanwhile: nothing to report on
      throw err;
    }
    // Replaced by another RC of the same name: its own sync reports on it.
    if (fresh.metadata?.uid !== rc.metadata?.uid) return;
    if (statusEqual(fresh.status, status)) return;
    await client.updateStatus('replicationcontrollers', ns, { ...fresh, status });
  }
}

export interface RunReplicationManagerOptions {
  client: ClientInterface;
  /** Shared with the other controllers of the process, so pods are listed and watched once. */
  factory: SharedInformerFactory;
  clock: Clock;
  /** Aborting stops the workers (after their current key); the factory is the caller's to stop. */
  signal: AbortSignal;
  /** k8s --concurrent-rc-syncs, default 5. */
  workers?: number;
  log?: Logger;
  /** Where the work queue reports (as `replicationmanager`). */
  metrics?: WorkQueueMetrics;
}

/** Wires informers → handlers → queue → sync, waits for the caches, and runs until signal aborts. */
export async function runReplicationManager(o: RunReplicationManagerOptions): Promise<void> {
  const rcInformer = o.factory.informerFor<ReplicationController>('replicationcontrollers');
  const podInformer = o.factory.informerFor<Pod>('pods');
  const queue = new WorkQueue<string>({ clock: o.clock, name: 'replicationmanager', metrics: o.metrics });
  const expectations = new Expectations(o.clock);
  const handlerDeps = { rcs: rcInformer.indexer, queue, expectations };
  rcInformer.addEventHandler(rcEventHandler(handlerDeps));
  podInformer.addEventHandler(podEventHandler(handlerDeps));
  if (o.signal.aborted) return;
  o.signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  o.factory.start();
  if (!(await o.factory.waitForCacheSync(o.signal))) return;
  const events = new EventRecorder({ client: o.client, clock: o.clock, component: 'replication-controller' });
  const manager = new ReplicationManager({
    client: o.client,
    rcs: rcInformer.indexer,
    pods: podInformer.indexer,
    queue,
    expectations,
    clock: o.clock,
    log: o.log,
    events,
  });
  await runWorkers(queue, o.workers ?? 5, (key) => manager.sync(key), o.log);
  await events.flush();
}
