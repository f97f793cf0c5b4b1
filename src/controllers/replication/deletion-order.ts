// The order in which a replication controller gives up pods when it has too many: k8s ActivePodsWithRanks.
// Cheapest to lose first — unscheduled, then Pending < Unknown < Running, not ready, lower
// controller.kubernetes.io/pod-deletion-cost, doubled up on a node with more of its siblings, ready for
// the shortest time, most restarts, newest. Ties break on name so the choice is deterministic (k8s'
// sort is not stable; ours must be for table tests and reproducible scale-downs).
import type { Pod } from '../../api/types';
import { isPodReady, maxContainerRestarts, podReadyCondition } from '../pod-util';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

const phaseOrdinal = (pod: Pod): number => PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0;

function deletionCost(pod: Pod): number {
  const n = Number(pod.metadata?.annotations?.[POD_DELETION_COST]);
  return Number.isInteger(n) ? n : 0;
}

const time = (text: string | undefined): number | undefined => {
  const t = text ? Date.parse(text) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** k8s afterOrZero, as a comparator: a missing time first, then the later time first. */
function laterFirst(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return b - a;
}

/**
 * Sorts a copy of pods, the first to delete first. rank(pod) counts the pod's siblings on its node
 * (default: among `pods` themselves), so a node running two replicas loses one before a node with one.
 */
export function rankForDeletion(pods: readonly Pod[]): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n) onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? (onNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank));
}

function compareForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number): number {
  const aNode = a.spec?.nodeName ?? '';
  const bNode = b.spec?.nodeName ?? '';
  if (aNode !== bNode && (!aNode || !bNode)) return aNode ? 1 : -1;
  const byPhase = phaseOrdinal(a) - phaseOrdinal(b);
  if (byPhase) return byPhase;
  const aReady = isPodReady(a);
  if (aReady !== isPodReady(b)) return aReady ? 1 : -1;
  const byCost = deletionCost(a) - deletionCost(b);
  if (byCost) return byCost;
  const byRank = rank(b) - rank(a);
  if (byRank) return byRank;
  if (aReady) {
    const byReadyTime = laterFirst(
      time(podReadyCondition(a)?.lastTransitionTime),
      time(podReadyCondition(b)?.lastTransitionTime),
    );
    if (byReadyTime) return byReadyTime;
  }
  const byRestarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (byRestarts) return byRestarts;
  const byAge = laterFirst(time(a.metadata?.creationTimestamp), time(b.metadata?.creationTimestamp));
  if (byAge) return byAge;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}
