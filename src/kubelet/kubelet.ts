// Kubelet: makes this node run the pods its sources want (DESIGN.md §4). Control flow:
//   sources (file · URL · etcd · own HTTP · apiserver) → PodConfigMux → desired set by UID → PodWorkers (one
//   sync at a time per pod) → PodSyncer (runtime.syncPod, back-off, events, status) | teardown (killPod).
// Level-triggered: a periodic resync re-syncs every desired pod and kills what runs but is desired by no
// source (only once every source has delivered a complete set, so a restarted kubelet adopts its running
// containers instead of killing them). A pod deleted through the API (deletionTimestamp) is stopped with its
// grace period, then removed from the API with a final delete. With a client, it registers and heartbeats its
// Node, writes pod status (mirror pods for static pods) and records events; without one (standalone, as in
// 2014) it only runs pods. The same class with a FakeRuntime is a hollow node: per-kubelet state is a few maps
// and two timers, and the apiserver source can share one pod informer among many kubelets.
import { isConflict, isNotFound } from '../api/errors';
import type { EnvVar, ObjectReference, Pod, Service } from '../api/types';
import { SharedInformer, type ClientInterface } from '../client';
import { componentLogger, objectFields, realClock, type Clock, type Logger } from '../util';
import { RestartBackoff } from './backoff';
import { canonicalJSON, PodConfigMux, podFullName, type PodConfigDiff, type PodSource } from './config';
import { EventRecorder } from './events';
import { KubeletMetrics, instrumentRuntime } from './metrics';
import { MirrorPods, isStaticPod, type ApiPodLookup } from './mirror';
import { hostCapacity, hostFacts, type Capacity } from './node/host';
import { NodeManager } from './node/node-manager';
import type { RuntimeHealth } from './node/node-status';
import { PodSyncer, podRef, type KubeletProbes } from './pod-sync';
import { PodWorkers } from './pod-workers';
import type { Runtime } from './runtime';
import { serviceEnv } from './service-env';
import { StatusManager } from './status/status-manager';

/** Kubernetes' grace period for pods it finds running but no source wants (orphans). */
export const ORPHAN_GRACE_SECONDS = 2;
const DEFAULT_GRACE_SECONDS = 30;

export interface KubeletOptions {
  nodeName: string;
  /** The apiserver; without it the kubelet runs standalone (no node, status or events in an API). */
  client?: ClientInterface;
  runtime: Runtime;
  sources: PodSource[];
  /** The node's address on the node network (never loopback): hostIP and the Node's InternalIP. */
  nodeIp: string;
  clock?: Clock;
  log?: Logger;
  podCidr?: string;
  /** Default: from the host (CPUs, memory, 110 pods). */
  capacity?: Partial<Capacity>;
  /** Node heartbeat period; default 10 s. */
  statusIntervalMs?: number;
  /** Re-sync of every pod (and orphan clean-up); default 2 s. */
  resyncIntervalMs?: number;
  kubeletPort?: number;
  /** For nodeInfo, e.g. `docker://20.10.24`. */
  containerRuntimeVersion?: string;
  /** Throws (or rejects) when the runtime does not work; default: listing pods within 5 s. */
  healthCheck?: () => Promise<void>;
  probes?: KubeletProbes & {
    onLivenessFailure?(cb: (uid: string, container: string, message: string) => void): unknown;
    onUnhealthy?(cb: (uid: string, container: string, kind: string, message: string) => void): unknown;
    onReadinessChange?(cb: (uid: string, container: string, ready: boolean) => void): unknown;
  };
  /** First crash-loop back-off delay; default 10 s (tests use less). It doubles per crash up to backoffMaxMs. */
  backoffBaseMs?: number;
  /** Default 5 min. */
  backoffMaxMs?: number;
  /** Services for the pods' environment; default (with a client) an informer of this kubelet's own. */
  serviceInformer?: SharedInformer<Service>;
  /** Given, the runtime is timed and pod starts, syncs and housekeeping measured (hollow nodes go without). */
  metrics?: KubeletMetrics;
}

export class Kubelet {
  readonly nodeName: string;
  /** The runtime, for the kubelet's HTTP server (logs, exec). */
  readonly runtime: Runtime;
  readonly events: EventRecorder;
  readonly node: NodeManager | undefined;
  readonly metrics: KubeletMetrics | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly mux: PodConfigMux;
  private readonly workers: PodWorkers;
  private readonly status: StatusManager;
  private readonly syncer: PodSyncer;
  private readonly services: SharedInformer<Service> | undefined;
  private readonly ownsServices: boolean;
  /** Desired pods by UID, as the mux last said. */
  private readonly desired = new Map<string, Pod>();
  /** Pods no source wants any more (or orphans found running), to be killed by their worker. */
  private readonly removed = new Map<string, Pod | undefined>();
  private readonly wakeups = new Map<string, () => void>();
  /** Containers whose liveness probe failed, per pod UID: killed by the pod's worker before its next sync. */
  private readonly unhealthy = new Map<string, Set<string>>();
  private cancelResync: (() => void) | undefined;
  private running = false;

  constructor(private readonly options: KubeletOptions) {
    this.nodeName = options.nodeName;
    this.metrics = options.metrics;
    this.runtime = this.metrics ? instrumentRuntime(options.runtime, this.metrics) : options.runtime;
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? componentLogger('kubelet').child({ node: options.nodeName });
    const client = options.client;
    this.events = new EventRecorder(client, options.nodeName, this.clock, this.log);
    this.status = new StatusManager(client, this.log);
    this.mux = new PodConfigMux((diff) => this.onDiff(diff));
    this.workers = new PodWorkers(
      (uid) => this.timed('podWorkerSeconds', () => this.syncOne(uid)),
      (uid, err) =>
        this.log.warn(
          { uid, ...this.podFields(uid), err: (err as Error).message },
          'pod sync failed; will retry',
        ),
    );
    const lookup = options.sources.find((s): s is PodSource & ApiPodLookup => 'apiPod' in s);
    this.ownsServices = !options.serviceInformer && !!client;
    this.services =
      options.serviceInformer ??
      (client &&
        new SharedInformer<Service>(client, { resource: 'services' }, { clock: this.clock, log: this.log }));
    this.syncer = new PodSyncer({
      runtime: this.runtime,
      clock: this.clock,
      hostIp: options.nodeIp,
      events: this.events,
      status: this.status,
      backoff: new RestartBackoff(this.clock, options.backoffBaseMs, options.backoffMaxMs),
      mirrors: client && new MirrorPods(client, lookup),
      probes: options.probes,
      env: (pod) => this.envFor(pod),
      wakeIn: (uid, ms) => this.wakeIn(uid, ms),
    });
    this.node = client && this.nodeManager(client);
    options.probes?.onLivenessFailure?.((uid, container, message) =>
      this.livenessFailed(uid, container, message),
    );
    options.probes?.onUnhealthy?.((uid, container, _kind, message) => {
      const pod = this.desired.get(uid);
      if (pod) this.events.record(podRef(pod, container), 'Warning', 'Unhealthy', message);
    });
    options.probes?.onReadinessChange?.((uid) => this.desired.has(uid) && this.workers.enqueue(uid));
  }

  /** Adopts what runs, starts the sources, the node heartbeat and the periodic resync. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const adoptable = this.runtime as Runtime & { recover?(): Promise<unknown> };
    if (adoptable.recover) await adoptable.recover(); // rebuilds the runtime's IP leases from its containers
    const found = await this.runtime.listPods();
    this.log.info({ pods: found.length }, 'kubelet starting; running pods will be adopted');
    if (this.ownsServices) this.services!.start();
    this.node?.start();
    for (const source of this.options.sources) this.mux.addSource(source);
    this.scheduleResync();
  }

  /** Stops every loop and source. Pods keep running: a restarted kubelet adopts them. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelResync?.();
    for (const cancel of this.wakeups.values()) cancel();
    this.wakeups.clear();
    this.node?.stop();
    if (this.ownsServices) this.services!.stop();
    await this.mux.stop();
  }

  /** Resolves when no pod sync, heartbeat or event write is in progress (tests). */
  async idle(): Promise<void> {
    await this.workers.idle();
    await this.node?.idle();
    await this.events.flush();
  }

  /** The pods this kubelet runs (the merged desired set). Frozen: copy before changing. */
  pods(): Pod[] {
    return this.mux.pods();
  }

  /** A desired pod by namespace and name, for the kubelet's HTTP server. */
  podByName(namespace: string, name: string): Pod | undefined {
    return this.mux.pods().find((p) => podFullName(p) === `${namespace}/${name}`);
  }

  podByUid(uid: string): Pod | undefined {
    return this.desired.get(uid);
  }

  /** Re-syncs every desired pod now, and kills orphans if the sources are ready (the periodic work). */
  async housekeeping(): Promise<void> {
    for (const uid of this.desired.keys()) this.workers.enqueue(uid);
    if (!this.mux.sourcesReady()) return;
    for (const found of await this.runtime.listPods()) {
      if (this.desired.has(found.uid) || this.removed.has(found.uid) || this.workers.busy(found.uid))
        continue;
      this.log.info({ uid: found.uid, namespace: found.namespace, name: found.name }, 'killing orphaned pod');
      this.removed.set(found.uid, undefined);
      this.workers.enqueue(found.uid);
    }
  }

  private onDiff(diff: PodConfigDiff): void {
    for (const pod of [...diff.added, ...diff.updated]) {
      const uid = pod.metadata!.uid!;
      const prev = this.desired.get(uid);
      this.desired.set(uid, pod);
      this.removed.delete(uid);
      if (!prev) this.metrics?.podSeen(uid);
      if (!prev && !isStaticPod(pod)) this.status.seed(uid, pod.status);
      if (!prev || specOf(prev) !== specOf(pod)) this.workers.enqueue(uid);
    }
    for (const pod of diff.removed) {
      const uid = pod.metadata!.uid!;
      this.desired.delete(uid);
      this.removed.set(uid, pod);
      this.workers.enqueue(uid);
    }
    for (const e of diff.errors) {
      this.log.error({ source: e.source, origin: e.origin }, e.error.message);
      this.events.record(this.nodeRef(), 'Warning', 'FailedValidation', e.error.message);
    }
  }

  private async syncOne(uid: string): Promise<void> {
    const pod = this.desired.get(uid);
    if (!pod) return this.teardown(uid);
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod);
    await this.killUnhealthy(pod);
    await this.syncer.sync(pod);
  }

  /** A pod no source wants: stop it (grace from the pod), forget it, and remove its mirror pod. */
  private async teardown(uid: string): Promise<void> {
    if (!this.removed.has(uid)) return;
    const pod = this.removed.get(uid);
    const grace = pod ? graceOf(pod) : ORPHAN_GRACE_SECONDS;
    await this.kill(uid, pod, grace);
    if (pod && isStaticPod(pod)) await this.syncer.removeMirror(pod);
    if (this.desired.has(uid)) return; // wanted again meanwhile: the next sync starts it
    this.removed.delete(uid);
    this.status.forget(uid);
    this.syncer.forget(uid);
    this.metrics?.podForgotten(uid);
  }

  /** An API pod being deleted: stop it with its grace period, then remove it from the API for good. */
  private async terminate(pod: Pod): Promise<void> {
    const m = pod.metadata!;
    await this.kill(m.uid!, pod, graceOf(pod));
    try {
      await this.options.client?.delete('pods', m.namespace, m.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: m.uid! },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private async kill(uid: string, pod: Pod | undefined, grace: number): Promise<void> {
    const status = await this.runtime.getPodStatus(uid);
    if (!status) return;
    if (pod)
      for (const c of status.containers.filter((c) => c.state === 'running'))
        this.events.record(podRef(pod, c.name), 'Normal', 'Killing', `Stopping container ${c.name}`);
    this.options.probes?.removePod(uid);
    this.unhealthy.delete(uid);
    this.wakeups.get(uid)?.();
    this.wakeups.delete(uid);
    await this.runtime.killPod(uid, grace);
  }

  /**
   * Liveness failed: the pod's worker kills the container (so never during a sync of the same pod) and the
   * sync that follows restarts it as the restart policy says, counting a restart.
   */
  private livenessFailed(uid: string, container: string, message: string): void {
    if (!this.desired.has(uid)) return;
    this.log.info(
      { uid, ...this.podFields(uid), container, message },
      'liveness probe failed; killing the container',
    );
    let names = this.unhealthy.get(uid);
    if (!names) this.unhealthy.set(uid, (names = new Set()));
    names.add(container);
    this.workers.enqueue(uid);
  }

  private async killUnhealthy(pod: Pod): Promise<void> {
    const uid = pod.metadata!.uid!;
    const names = this.unhealthy.get(uid);
    if (!names) return;
    this.unhealthy.delete(uid);
    for (const name of names) {
      const spec = pod.spec?.containers.find((c) => c.name === name);
      if (!spec) continue;
      const message = `Container ${name} failed liveness probe, will be restarted`;
      this.events.record(podRef(pod, name), 'Normal', 'Killing', message);
      // Kubernetes lets the probe shorten the pod's grace period for this kill.
      const grace = spec.livenessProbe?.terminationGracePeriodSeconds ?? graceOf(pod);
      try {
        await this.runtime.killContainer(uid, name, grace, message);
      } catch (err) {
        if (isNotFound(err)) continue; // never created: nothing runs that could be unhealthy
        names.add(name); // the probe holds until a restart: retry the kill with the next sync
        this.unhealthy.set(uid, names);
        throw err;
      }
    }
  }

  private wakeIn(uid: string, ms: number): void {
    if (this.wakeups.has(uid) || !this.running) return;
    const cancel = this.clock.setTimeout(() => {
      this.wakeups.delete(uid);
      if (this.running && this.desired.has(uid)) this.workers.enqueue(uid);
    }, ms);
    this.wakeups.set(uid, cancel);
  }

  private scheduleResync(): void {
    if (!this.running) return;
    this.cancelResync = this.clock.setTimeout(() => {
      this.timed('housekeepingSeconds', () => this.housekeeping())
        .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'housekeeping failed'))
        .finally(() => this.scheduleResync());
    }, this.options.resyncIntervalMs ?? 2000);
  }

  /** namespace and name of a pod the kubelet knows, for log lines that only have its UID. */
  private podFields(uid: string): { namespace?: string; name?: string } {
    const pod = this.desired.get(uid) ?? this.removed.get(uid);
    return pod ? objectFields(pod) : {};
  }

  /** fn, timed into one of the metrics' histograms when the kubelet has metrics. */
  private timed(
    histogram: 'podWorkerSeconds' | 'housekeepingSeconds',
    fn: () => Promise<void>,
  ): Promise<void> {
    return this.metrics ? this.metrics.time(this.metrics[histogram], fn) : fn();
  }

  private async envFor(pod: Pod): Promise<EnvVar[]> {
    const services = this.services;
    if (!services) return [];
    if (!services.hasSynced()) {
      // Pods started before the services are known would miss their variables; wait a little, not forever.
      let cancel = () => {};
      const timeout = new Promise<void>((resolve) => (cancel = this.clock.setTimeout(resolve, 5000)));
      await Promise.race([services.whenSynced(), timeout]);
      cancel();
    }
    const ns = pod.metadata?.namespace ?? 'default';
    const list = services.indexer.byIndex('namespace', ns);
    const master = ns === 'default' ? undefined : services.indexer.get('default/kubernetes');
    return serviceEnv(master ? [master, ...list] : list);
  }

  private nodeManager(client: ClientInterface): NodeManager {
    const o = this.options;
    return new NodeManager({
      client,
      clock: this.clock,
      log: this.log,
      intervalMs: o.statusIntervalMs ?? 10_000,
      facts: {
        nodeName: o.nodeName,
        nodeIp: o.nodeIp,
        capacity: { ...hostCapacity(), ...o.capacity },
        podCidr: o.podCidr,
        kubeletPort: o.kubeletPort ?? 10250,
        containerRuntimeVersion: o.containerRuntimeVersion ?? 'unknown://0',
        ...hostFacts(),
      },
      health: () => this.health(),
      onReadyChange: (ready) =>
        this.events.record(
          this.nodeRef(),
          ready ? 'Normal' : 'Warning',
          ready ? 'NodeReady' : 'NodeNotReady',
          `Node ${o.nodeName} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
        ),
    });
  }

  private async health(): Promise<RuntimeHealth> {
    const check = this.options.healthCheck ?? (() => this.runtime.listPods().then(() => undefined));
    let cancel = () => {};
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.clock.setTimeout(() => reject(new Error('no answer within 5s')), 5000);
    });
    try {
      await Promise.race([check(), timeout]);
      return { healthy: true };
    } catch (err) {
      return { healthy: false, message: (err as Error).message };
    } finally {
      cancel();
    }
  }

  private nodeRef(): ObjectReference {
    return { apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: this.nodeName };
  }
}

function graceOf(pod: Pod): number {
  return (
    pod.metadata?.deletionGracePeriodSeconds ??
    pod.spec?.terminationGracePeriodSeconds ??
    DEFAULT_GRACE_SECONDS
  );
}

/** What makes a pod worth re-syncing at once: anything but its status and resourceVersion. */
function specOf(pod: Pod): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = pod.metadata ?? {};
  return canonicalJSON({ meta, spec: pod.spec });
}
