// What "converged" means for the kill-node-components campaign, read from both sides of a node: the RC's pods
// in the API (exactly N, unique names and uids, all Running) and our dockerd's running containers, counted by
// the labels the kubelet puts on them (exactly one sandbox and one app container per pod, the sandbox's pod IP
// the one the API shows, none left running for a pod that no longer exists). The check is a pure function of
// the two listings, so what counts as a duplicate or an orphan is tested without a cluster.
import type Docker from 'dockerode';
import type { Pod } from '../../src/api/types';
import type { KubeClient } from '../../src/client';
import {
  LABEL_CONTAINER_NAME,
  LABEL_MANAGED,
  LABEL_POD_IP,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_TYPE,
} from '../../src/kubelet/runtime/labels';

/** A running container of ours, as `docker ps` shows it through its labels. */
export interface RunningContainer {
  id: string;
  podUid: string;
  podName: string;
  podNamespace: string;
  container: string;
  sandbox: boolean;
  podIp?: string;
}

export interface NodeState {
  /** The RC's pods that are not being deleted. */
  pods: Pod[];
  /** Every running container of ours on the daemon, whichever pod it is for. */
  containers: RunningContainer[];
}

/** The RC's pods (owned by its uid) and the daemon's running containers; throws while either cannot answer. */
export async function readNodeState(client: KubeClient, docker: Docker, rc: string, rcUid: string) {
  const list = await client.list<Pod>('pods', 'default', { labelSelector: `app=${rc}` });
  const pods = list.items.filter(
    (p) => !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((o) => o.uid === rcUid),
  );
  const ps = await docker.listContainers({ filters: { label: [`${LABEL_MANAGED}=true`] } });
  const containers = ps.map((c): RunningContainer => ({
    id: c.Id,
    podUid: c.Labels[LABEL_POD_UID] ?? '',
    podName: c.Labels[LABEL_POD_NAME] ?? '',
    podNamespace: c.Labels[LABEL_POD_NAMESPACE] ?? '',
    container: c.Labels[LABEL_CONTAINER_NAME] ?? '',
    sandbox: c.Labels[LABEL_TYPE] === 'podsandbox',
    podIp: c.Labels[LABEL_POD_IP] || undefined,
  }));
  return { pods, containers } satisfies NodeState;
}

/** The running app container id of each pod (by uid), for "was it restarted?". */
export function appContainerIds(state: NodeState): Map<string, string> {
  const ids = new Map<string, string>();
  const uids = new Set(state.pods.map((p) => p.metadata?.uid));
  for (const c of state.containers) if (!c.sandbox && uids.has(c.podUid)) ids.set(c.podUid, c.id);
  return ids;
}

const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

/**
 * Why the state is not yet the converged one for `replicas` pods of the RC named `rc` (whose pods are named
 * `<rc>-…`), one line per problem; empty when converged. `duplicates` counts what must never happen however
 * long one waits — an extra pod or container for the same pod — while the rest may still be on its way.
 */
export function convergenceProblems(
  state: NodeState,
  rc: string,
  replicas: number,
): { problems: string[]; duplicates: number } {
  const problems: string[] = [];
  let duplicates = 0;
  const { pods, containers } = state;
  if (pods.length !== replicas) problems.push(`${pods.length} pods in the API, want ${replicas}`);
  for (const [what, values] of [
    ['name', pods.map((p) => p.metadata?.name ?? '')],
    ['uid', pods.map((p) => p.metadata?.uid ?? '')],
  ] as const)
    for (const [v, n] of count(values))
      if (n > 1) {
        duplicates += n - 1;
        problems.push(`${n} pods with ${what} ${v}`);
      }
  const notRunning = pods.filter((p) => p.status?.phase !== 'Running');
  if (notRunning.length)
    problems.push(
      `not Running: ${notRunning.map((p) => `${p.metadata?.name} ${p.status?.phase ?? 'Pending'}`).join(', ')}`,
    );
  const byUid = new Map<string, RunningContainer[]>();
  for (const c of containers) byUid.set(c.podUid, [...(byUid.get(c.podUid) ?? []), c]);
  for (const p of pods) {
    const name = p.metadata?.name ?? '';
    const mine = byUid.get(p.metadata?.uid ?? '') ?? [];
    const sandboxes = mine.filter((c) => c.sandbox);
    const wanted = (p.spec?.containers ?? []).map((c) => c.name);
    const counts: [string, number][] = [
      ['sandbox', sandboxes.length],
      ...wanted.map((w): [string, number] => [
        `container ${w}`,
        mine.filter((c) => !c.sandbox && c.container === w).length,
      ]),
    ];
    for (const [kind, n] of counts) {
      if (n > 1) duplicates += n - 1;
      if (n !== 1) problems.push(`pod ${name}: ${n} running ${kind} containers, want 1`);
    }
    const ip = sandboxes[0]?.podIp;
    if (p.status?.phase === 'Running' && ip && p.status.podIP !== ip)
      problems.push(`pod ${name}: the API says podIP ${p.status.podIP}, its sandbox has ${ip}`);
  }
  const uids = new Set(pods.map((p) => p.metadata?.uid));
  const orphans = containers.filter(
    (c) => c.podNamespace === 'default' && c.podName.startsWith(`${rc}-`) && !uids.has(c.podUid),
  );
  if (orphans.length)
    problems.push(
      `${orphans.length} running containers of pods no longer in the API: ${orphans.map((c) => `${c.podName}/${c.container}`).join(', ')}`,
    );
  return { problems, duplicates };
}
