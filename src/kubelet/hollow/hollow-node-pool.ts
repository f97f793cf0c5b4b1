// HollowNodePool: N hollow nodes (kubemark-style) in one process — real Kubelets on FakeRuntimes, each
// registering its Node with capacity, heartbeating, running the pods bound to it "as if started" (Running,
// with a pod IP after podStartupMs) and honouring graceful deletion. What makes a thousand of them cheap is
// sharing: ONE pods informer over the cluster's bound pods (indexed by spec.nodeName, so each node's
// ApiserverSource picks its own pods out) and ONE services informer, instead of two watches per node. A
// nodes informer tells each node the pod range the controller assigned it (else a made-up /24 is used).
import type { Node, Pod, Service } from '../../api/types';
import { SharedInformer, type ClientInterface } from '../../client';
import { componentLogger, realClock, type Clock, type Logger } from '../../util';
import { ApiserverSource, ensureNodeNameIndex } from '../config';
import { Kubelet } from '../kubelet';
import type { Capacity } from '../node/host';
import { FakeRuntime } from '../runtime';
import { fallbackPodCidr, hollowNodeIp } from './addresses';
import { NodeRangeIps } from './node-range-ips';

export const DEFAULT_HOLLOW_CAPACITY: Capacity = { cpu: '4', memory: '16Gi', pods: '110' };
export const HOLLOW_RUNTIME_VERSION = 'fake://0.1.0';
/**
 * Every pod of every node is synced once per resync period; at 2 s (the kubelet's default) 3,000 pods on 500
 * nodes cost 1,500 syncs a second that find nothing to do. kubemark uses 10 s for the same reason.
 */
export const HOLLOW_RESYNC_MS = 10_000;
/** The field selector of the shared pods watch: pods bound to some node. */
export const BOUND_PODS = 'spec.nodeName!=';

export interface HollowNodePoolOptions {
  client: ClientInterface;
  count: number;
  /** Node names are the prefix and an index: hollow-node-0, hollow-node-1, … */
  namePrefix?: string;
  /** How long a pod's containers take to "start"; default 0. */
  podStartupMs?: number;
  capacity?: Partial<Capacity>;
  /** Heartbeat period of every node; default 10 s. */
  statusIntervalMs?: number;
  /**
   * Per-node re-sync of its pods. Default: kubemark's hollow kubelet SyncFrequency, 10 s, when pods start at
   * once; the kubelet's 2 s when podStartupMs is set, because a hollow node has no runtime events and only
   * a sync notices containers that finished starting.
   */
  resyncIntervalMs?: number;
  clock?: Clock;
  log?: Logger;
}

export interface HollowNode {
  name: string;
  nodeIp: string;
  kubelet: Kubelet;
  runtime: FakeRuntime;
}

export class HollowNodePool {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly pods: SharedInformer<Pod>;
  private readonly services: SharedInformer<Service>;
  private readonly nodeObjects: SharedInformer<Node>;
  private readonly members: HollowNode[] = [];
  private readonly paused = new Set<string>();
  private started = false;

  constructor(private readonly options: HollowNodePoolOptions) {
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? componentLogger('hollow-nodes');
    const deps = { clock: this.clock, log: this.log };
    // Bound pods only: a node never runs a pending one, so their creation (half the pod events of a
    // scale-up) is neither sent nor decoded here. A pod enters this watch as ADDED when it is bound.
    const boundPods = { resource: 'pods', fieldSelector: BOUND_PODS };
    this.pods = new SharedInformer<Pod>(options.client, boundPods, deps);
    ensureNodeNameIndex(this.pods);
    this.services = new SharedInformer<Service>(options.client, { resource: 'services' }, deps);
    this.nodeObjects = new SharedInformer<Node>(options.client, { resource: 'nodes' }, deps);
    for (let i = 0; i < options.count; i++) this.build();
  }

  /** Starts the shared informers, then every node (registration and heartbeats begin at once). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const i of this.informers()) i.start();
    await Promise.all(this.members.map((n) => n.kubelet.start()));
    // A restarted pool keeps silent what was paused before it stopped.
    for (const n of this.members) if (this.paused.has(n.name)) n.kubelet.node?.stop();
    this.log.info({ nodes: this.members.length }, 'hollow nodes started');
  }

  /** Stops every node and the shared informers. Node objects stay in the API, as when kubelets stop. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all(this.members.map((n) => n.kubelet.stop()));
    for (const i of this.informers()) i.stop();
  }

  /** Adds one more node (started at once if the pool runs); its capacity may differ from the pool's. */
  async addNode(capacity?: Partial<Capacity>): Promise<HollowNode> {
    const node = this.build(capacity);
    if (this.started) await node.kubelet.start();
    return node;
  }

  /**
   * The named nodes stop heartbeating while their kubelets keep running pods, as behind a network partition:
   * the node lifecycle controller marks them Unknown and evicts their pods. Unknown names are an error.
   */
  pauseHeartbeats(names: readonly string[]): void {
    for (const node of this.byNames(names)) {
      this.paused.add(node.name);
      node.kubelet.node?.stop();
    }
  }

  resumeHeartbeats(names: readonly string[]): void {
    for (const node of this.byNames(names)) {
      if (!this.paused.delete(node.name)) continue;
      if (this.started) node.kubelet.node?.start();
    }
  }

  nodes(): readonly HollowNode[] {
    return this.members;
  }

  private informers(): { start(): void; stop(): void }[] {
    return [this.pods, this.services, this.nodeObjects];
  }

  private byNames(names: readonly string[]): HollowNode[] {
    return names.map((name) => {
      const node = this.members.find((n) => n.name === name);
      if (!node) throw new Error(`no hollow node named ${JSON.stringify(name)} in this pool`);
      return node;
    });
  }

  private build(capacity?: Partial<Capacity>): HollowNode {
    const o = this.options;
    const i = this.members.length;
    const name = `${o.namePrefix ?? 'hollow-node-'}${i}`;
    const nodeIp = hollowNodeIp(i);
    // The Node registers without a range so that the controller assigns one; the range is looked up when
    // the first pod starts, after registration (pods are bound only to registered nodes).
    const ips = new NodeRangeIps(fallbackPodCidr(i), () => this.nodeObjects.indexer.get(name)?.spec?.podCIDR);
    const runtime = new FakeRuntime({ clock: this.clock, ips, startLatencyMs: o.podStartupMs ?? 0 });
    const kubelet = new Kubelet({
      nodeName: name,
      client: o.client,
      runtime,
      sources: [new ApiserverSource({ nodeName: name, informer: this.pods })],
      serviceInformer: this.services,
      nodeIp,
      clock: this.clock,
      log: this.log.child({ node: name }),
      capacity: { ...DEFAULT_HOLLOW_CAPACITY, ...o.capacity, ...capacity },
      statusIntervalMs: o.statusIntervalMs,
      resyncIntervalMs: o.resyncIntervalMs ?? (o.podStartupMs ? 2000 : HOLLOW_RESYNC_MS),
      containerRuntimeVersion: HOLLOW_RUNTIME_VERSION,
    });
    const node = { name, nodeIp, kubelet, runtime };
    this.members.push(node);
    return node;
  }
}
