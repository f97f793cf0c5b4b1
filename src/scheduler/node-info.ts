// NodeInfo: one node and the pods on it (bound and assumed), with running totals so a filter or score
// reads a handful of numbers instead of walking pods. addPod/removePod cost O(ports + labels); setNode re-derives
// what the node offers. A NodeInfo may outlive its Node (a "ghost" whose pods are not yet gone): it then
// has node === undefined and is never offered to the scheduler.
import type { Node } from '../api/types';
import { HostPortSet } from './host-ports';
import type { PodInfo } from './pod-info';
import { nodeAllocatable, type Allocatable, type Resources } from './resources';
import { effectiveTaints, type Taint } from './taints';

/**
 * Labels as small integers: NodeInfo.labelCount is looked up for every feasible node of every decision, and
 * a Map lookup by number costs a third of one by string (profiled at 5,000 nodes). An id lives while some
 * node counts a pod with that label (reference-counted), so labels of pods long gone do not pile up; ids
 * are never reused.
 */
const labelIds = new Map<string, { id: number; nodes: number }>();
let nextLabelId = 0;

/** No pod on any node carries the label: labelCount answers 0 everywhere. */
export const ABSENT_LABEL = -1;

/**
 * The key NodeInfo.labelCount takes for a "key=value" label in a namespace (ABSENT_LABEL when no pod has
 * it). Valid until the next pod is added to or removed from a node: take it once per decision.
 */
export function labelCountKey(namespace: string, label: string): number {
  return labelIds.get(`${namespace}\0${label}`)?.id ?? ABSENT_LABEL;
}

function acquireLabel(text: string): number {
  let entry = labelIds.get(text);
  if (!entry) labelIds.set(text, (entry = { id: nextLabelId++, nodes: 0 }));
  entry.nodes++;
  return entry.id;
}

function releaseLabel(text: string): void {
  const entry = labelIds.get(text);
  if (entry && --entry.nodes === 0) labelIds.delete(text);
}

/**
 * Label id → the NodeInfos counting at least one pod with it. Spreading walks this (the few nodes that hold
 * a controller's pods) instead of asking each of hundreds of feasible nodes for its count: one Map lookup
 * per feasible node per decision was the scheduler's largest cost at 5,000 nodes.
 */
const holders = new Map<number, Set<NodeInfo>>();

/** The nodes (of any cache) where labelCount(key) is not zero; none for ABSENT_LABEL. Do not modify. */
export function nodesWithLabel(key: number): ReadonlySet<NodeInfo> {
  return holders.get(key) ?? NO_NODES;
}
const NO_NODES: ReadonlySet<NodeInfo> = new Set();

export class NodeInfo {
  node: Node | undefined;
  allocatable: Allocatable = { milliCpu: 0, memory: 0, pods: 0 };
  /** spec.unschedulable (cordoned). */
  unschedulable = false;
  /** NoSchedule/NoExecute taints, including the one implied by a node that is not Ready. */
  taints: readonly Taint[] = [];
  /** Sum of the pods' requests, for fit. */
  readonly requested: Resources = { milliCpu: 0, memory: 0 };
  /** Sum of the pods' non-zero requests, for scoring. */
  readonly nonZeroRequested: Resources = { milliCpu: 0, memory: 0 };
  readonly usedPorts = new HostPortSet();
  /**
   * Scratch of one scoring pass (selectorSpread): the decision that last offered this node and its index
   * among that decision's feasible nodes. Only meaningful while stamp equals the pass's own.
   */
  scoreStamp = 0;
  scoreSlot = 0;
  /** The pods in an array (iterated for every node of every decision) plus each one's index in it. */
  private readonly podList: PodInfo[] = [];
  private readonly podIndex = new Map<string, number>();
  /** Label id (labelCountKey) → how many pods here (not being deleted) carry that label. */
  private readonly labelCounts = new Map<number, number>();

  constructor(
    readonly name: string,
    node?: Node,
  ) {
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.unschedulable = node.spec?.unschedulable === true;
    this.taints = effectiveTaints(node).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  }

  clearNode(): void {
    this.node = undefined;
  }

  get podCount(): number {
    return this.podList.length;
  }

  /** The pods here, in no particular order. Do not modify. */
  pods(): readonly PodInfo[] {
    return this.podList;
  }

  hasPod(key: string): boolean {
    return this.podIndex.has(key);
  }

  /** Adds the pod; a pod already here (same key) is replaced, so totals never count it twice. */
  addPod(p: PodInfo): void {
    this.removePod(p.key);
    this.podIndex.set(p.key, this.podList.length);
    this.podList.push(p);
    this.charge(p, 1);
    this.countLabels(p, 1);
    for (const hp of p.hostPorts) this.usedPorts.add(hp);
  }

  /** Removes the pod with this key; false when it was not here. */
  removePod(key: string): boolean {
    const i = this.podIndex.get(key);
    if (i === undefined) return false;
    const p = this.podList[i]!;
    const last = this.podList.pop()!;
    if (last !== p) {
      this.podList[i] = last;
      this.podIndex.set(last.key, i);
    }
    this.podIndex.delete(key);
    this.charge(p, -1);
    this.countLabels(p, -1);
    for (const hp of p.hostPorts) this.usedPorts.remove(hp);
    return true;
  }

  /**
   * How many pods here, not being deleted, carry a label in a namespace (key from labelCountKey): a
   * cheap upper bound for spreading, which then only looks at the pods of nodes where it is not zero.
   */
  labelCount(key: number): number {
    return this.labelCounts.get(key) ?? 0;
  }

  private countLabels(p: PodInfo, sign: 1 | -1): void {
    if (p.deleting || !p.labels) return;
    for (const [k, v] of Object.entries(p.labels)) {
      const text = `${p.namespace}\0${k}=${v}`;
      const id = labelIds.get(text)?.id;
      const n = id === undefined ? 0 : (this.labelCounts.get(id) ?? 0);
      if (sign > 0 && n > 0) this.labelCounts.set(id!, n + 1);
      else if (sign > 0) {
        const acquired = acquireLabel(text);
        this.labelCounts.set(acquired, 1);
        let set = holders.get(acquired);
        if (!set) holders.set(acquired, (set = new Set()));
        set.add(this);
      } else if (n > 1) this.labelCounts.set(id!, n - 1);
      else if (n === 1) {
        this.labelCounts.delete(id!);
        const set = holders.get(id!);
        set?.delete(this);
        if (set?.size === 0) holders.delete(id!);
        releaseLabel(text);
      }
    }
  }

  private charge(p: PodInfo, sign: 1 | -1): void {
    this.requested.milliCpu += sign * p.request.milliCpu;
    this.requested.memory += sign * p.request.memory;
    this.nonZeroRequested.milliCpu += sign * p.nonZeroRequest.milliCpu;
    this.nonZeroRequested.memory += sign * p.nonZeroRequest.memory;
  }
}
