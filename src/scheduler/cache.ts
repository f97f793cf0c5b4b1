// SchedulerCache: the scheduler's picture of where pods sit, per node, fed by the node and pod informers
// and by the scheduler's own decisions. A decision is "assumed" (counted on its node at once) before the
// binding is even sent, so decisions made while earlier bindings are still in flight see those pods and
// never over-commit a node; the informer's view of the bound pod later confirms it. This is
// kube-scheduler's assumed-pod cache. Pods not bound yet (no spec.nodeName) are the queue's business,
// not the cache's.
//
// Life of an assumed pod:  assumePod → (bind ok) finishBinding → addPod/updatePod from the informer
//                          assumePod → (bind failed) forgetPod
//                          assumePod → finishBinding → no informer event within ttl → cleanupExpired drops it
import type { Node, Pod } from '../api/types';
import { realClock, type Clock } from '../util';
import { NodeInfo } from './node-info';
import { isTerminal, newPodInfo, podKey, type PodInfo } from './pod-info';

export interface SchedulerCacheOptions {
  clock?: Clock;
  /** How long an assumed pod whose binding finished may wait for the informer to show it (ms). */
  assumedPodTTL?: number;
}

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
  /** Set by finishBinding; an assumed pod expires after it. */
  deadline?: number;
}

export class SchedulerCache {
  private readonly clock: Clock;
  private readonly ttl: number;
  private readonly infos = new Map<string, NodeInfo>();
  /** The NodeInfos that have a Node, in a stable order; schedulePod walks this. */
  private readonly offered: NodeInfo[] = [];
  private readonly offeredIndex = new Map<string, number>();
  private readonly podStates = new Map<string, PodState>();

  constructor(options: SchedulerCacheOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ttl = options.assumedPodTTL ?? 30_000;
  }

  // ---- nodes ----

  addNode(node: Node): void {
    this.updateNode(node);
  }

  /** Adds or replaces the node; its pods stay counted. */
  updateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const info = this.infoFor(name);
    info.setNode(node);
    if (!this.offeredIndex.has(name)) {
      this.offeredIndex.set(name, this.offered.length);
      this.offered.push(info);
    }
  }

  /** Forgets the node. Its pods keep their NodeInfo (a ghost, never offered) until they are removed. */
  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    info.clearNode();
    const i = this.offeredIndex.get(name);
    if (i !== undefined) {
      // Swap-remove keeps removal O(1); order only decides where searches start, never correctness.
      const last = this.offered.pop()!;
      if (last !== info) {
        this.offered[i] = last;
        this.offeredIndex.set(last.name, i);
      }
      this.offeredIndex.delete(name);
    }
    if (info.podCount === 0) this.infos.delete(name);
  }

  /** Nodes the scheduler may consider, in a stable order. Do not modify. */
  nodeInfos(): readonly NodeInfo[] {
    return this.offered;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  // ---- the scheduler's own decisions ----

  /**
   * Counts pod on nodeName now, before the binding is sent. Returns false, changing nothing, when the
   * cache already holds the pod (assumed earlier, or seen bound): do not bind it again.
   */
  assumePod(pod: Pod, nodeName: string): boolean {
    if (this.podStates.has(podKey(pod))) return false;
    this.place(newPodInfo(pod), nodeName, true);
    return true;
  }

  /** The binding succeeded: start the clock after which an unconfirmed assumption is dropped. */
  finishBinding(pod: Pod): void {
    const state = this.podStates.get(podKey(pod));
    if (state?.assumed) state.deadline = this.clock.now() + this.ttl;
  }

  /** The binding failed: undo assumePod. A pod the informer already confirmed is left alone. */
  forgetPod(pod: Pod): void {
    const state = this.podStates.get(podKey(pod));
    if (state?.assumed) this.unplace(state);
  }

  isAssumed(pod: Pod): boolean {
    return this.podStates.get(podKey(pod))?.assumed ?? false;
  }

  /** Drops assumed pods whose binding finished more than ttl ago without the informer showing them. */
  cleanupExpired(): Pod[] {
    const now = this.clock.now();
    const expired: Pod[] = [];
    for (const state of this.podStates.values()) {
      if (state.assumed && state.deadline !== undefined && now >= state.deadline) {
        expired.push(state.info.pod);
        this.unplace(state);
      }
    }
    return expired;
  }

  // ---- informer events ----

  addPod(pod: Pod): void {
    this.updatePod(pod);
  }

  /**
   * Level-triggered: makes the cache hold pod as it now is. A bound pod is counted on its node (which
   * confirms an assumed pod, moving it if the apiserver put it elsewhere); an unbound or finished
   * (Succeeded/Failed) pod holds nothing.
   */
  updatePod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec?.nodeName;
    const state = this.podStates.get(key);
    if (isTerminal(pod)) {
      if (state) this.unplace(state);
      return;
    }
    if (!nodeName) {
      // Still pending as far as the informer knows: an assumption stays until the binding shows up.
      if (state && !state.assumed) this.unplace(state);
      return;
    }
    if (state) this.unplace(state);
    this.place(newPodInfo(pod), nodeName, false);
  }

  removePod(pod: Pod): void {
    const state = this.podStates.get(podKey(pod));
    if (state) this.unplace(state);
  }

  podCount(): number {
    return this.podStates.size;
  }

  // ---- internals ----

  private infoFor(name: string): NodeInfo {
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    return info;
  }

  private place(info: PodInfo, nodeName: string, assumed: boolean): void {
    this.infoFor(nodeName).addPod(info);
    this.podStates.set(info.key, { info, nodeName, assumed });
  }

  private unplace(state: PodState): void {
    this.podStates.delete(state.info.key);
    const node = this.infos.get(state.nodeName);
    if (!node) return;
    node.removePod(state.info.key);
    if (!node.node && node.podCount === 0) this.infos.delete(state.nodeName);
  }
}
