// Pods grouped by node, flattened into the rows the virtualised pod list draws: a header per node (its name
// and pod count) followed by that node's pods in name order; pods not yet scheduled come last.
import type { Pod } from 'kubernetes-types/core/v1';

export const UNSCHEDULED = '(unscheduled)';

export type PodRow =
  { kind: 'node'; key: string; node: string; count: number } | { kind: 'pod'; key: string; pod: Pod };

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Node name → its pods, nodes in name order with the unscheduled group last; pods by namespace/name. */
export function groupPodsByNode(pods: Iterable<Pod>): Map<string, Pod[]> {
  const groups = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName || UNSCHEDULED;
    let list = groups.get(node);
    if (!list) groups.set(node, (list = []));
    list.push(pod);
  }
  const names = [...groups.keys()].sort((a, b) =>
    a === UNSCHEDULED ? 1 : b === UNSCHEDULED ? -1 : a.localeCompare(b),
  );
  const sorted = new Map<string, Pod[]>();
  for (const name of names) {
    const list = groups.get(name)!;
    const keyed = list.map((p) => [podKey(p), p] as const).sort((a, b) => compareKeys(a[0], b[0]));
    sorted.set(
      name,
      keyed.map(([, p]) => p),
    );
  }
  return sorted;
}

/** Natural order, so that web-9 comes before web-10. */
const collator = new Intl.Collator('en', { numeric: true });
function compareKeys(a: string, b: string): number {
  return collator.compare(a, b);
}

export function podRows(groups: Map<string, Pod[]>): PodRow[] {
  const rows: PodRow[] = [];
  for (const [node, pods] of groups) {
    rows.push({ kind: 'node', key: `node:${node}`, node, count: pods.length });
    for (const pod of pods) rows.push({ kind: 'pod', key: `pod:${podKey(pod)}`, pod });
  }
  return rows;
}

/** Total restarts over the pod's containers, as `kubectl get pods` shows. */
export function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** The phase a user should see: Terminating while a deletion is pending, else status.phase. */
export function displayPhase(pod: Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  return pod.status?.phase ?? 'Pending';
}
