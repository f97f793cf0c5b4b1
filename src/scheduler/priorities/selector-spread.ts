// SelectorSpread: spread the pods of one service or replication controller across nodes, so losing a
// node loses few of them. A node's count is the pods on it, in the pod's namespace and not being
// deleted (a replacement should not avoid the node of the pod it replaces), that match all of the
// pod's selectors (Kubernetes ANDs them: the pods under the same service and controller). Score = 100 * (max - count) / max over the feasible nodes; with no matching pods
// anywhere, every node scores 100.
import { compileSelectors, type CompiledSelectors } from '../label-matcher';
import { ABSENT_LABEL, labelCountKey, nodesWithLabel, type NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { MAX_NODE_SCORE, type Priority } from './priority';

/** countKey: labelCountKey(pod's namespace, selectors.label), made once per decision, not per node. */
export function countMatchingPods(
  pod: PodInfo,
  node: NodeInfo,
  selectors: CompiledSelectors,
  countKey = selectors.label === undefined ? undefined : labelCountKey(pod.namespace, selectors.label),
): number {
  // Plain loops: this runs for every feasible node of every decision.
  if (countKey !== undefined) {
    const upper = node.labelCount(countKey);
    if (upper === 0 || selectors.exact) return upper;
  }
  const pods = node.pods();
  let count = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.namespace === pod.namespace && !p.deleting && selectors.matches(p.labels)) count++;
  }
  return count;
}

/** Tells one scoring pass from the next: NodeInfo.scoreStamp equal to it means "feasible in this pass". */
let pass = 0;

/**
 * Each feasible node's count. With a label every matching pod carries, only the nodes holding that label
 * (nodesWithLabel, usually far fewer than the feasible ones) are counted; the rest count zero.
 */
function counts(pod: PodInfo, nodes: readonly NodeInfo[], compiled: CompiledSelectors): number[] {
  const out = new Array<number>(nodes.length).fill(0);
  if (compiled.label === undefined) {
    for (let i = 0; i < nodes.length; i++) out[i] = countMatchingPods(pod, nodes[i]!, compiled);
    return out;
  }
  const key = labelCountKey(pod.namespace, compiled.label);
  if (key === ABSENT_LABEL) return out;
  const stamp = ++pass;
  for (let i = 0; i < nodes.length; i++) {
    nodes[i]!.scoreStamp = stamp;
    nodes[i]!.scoreSlot = i;
  }
  for (const node of nodesWithLabel(key)) {
    if (node.scoreStamp === stamp) out[node.scoreSlot] = countMatchingPods(pod, node, compiled, key);
  }
  return out;
}

export const selectorSpread: Priority = {
  name: 'SelectorSpread',
  weight: 1,
  scores(pod, nodes, { selectors }) {
    if (selectors.length === 0) return new Array<number>(nodes.length).fill(MAX_NODE_SCORE);
    const scores = counts(pod, nodes, compileSelectors(selectors));
    let max = 0;
    for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - scores[i]!)) / max);
    }
    return scores;
  },
};
