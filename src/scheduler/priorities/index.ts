// priorities: the scores that rank feasible nodes, and their weighted sum. Kubernetes' defaults of the
// time: least requested resources and spreading a service's / controller's pods, weight 1 each.
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { leastRequested } from './least-requested';
import type { Priority, PriorityContext } from './priority';
import { selectorSpread } from './selector-spread';

export { MAX_NODE_SCORE, type Priority, type PriorityContext } from './priority';
export { leastRequested, leastRequestedScore } from './least-requested';
export { selectorSpread, countMatchingPods } from './selector-spread';

export const DEFAULT_PRIORITIES: readonly Priority[] = [leastRequested, selectorSpread];

/** Each node's total: the sum of every priority's score times its weight. */
export function prioritize(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  ctx: PriorityContext,
  priorities: readonly Priority[] = DEFAULT_PRIORITIES,
): number[] {
  const totals = new Array<number>(nodes.length).fill(0);
  for (const p of priorities) {
    const scores = p.scores(pod, nodes, ctx);
    for (let i = 0; i < nodes.length; i++) totals[i]! += p.weight * scores[i]!;
  }
  return totals;
}
