// What the labels of a node's managed containers say, grouped: pods for adoption (listPods), the latest attempt
// of each container, newest sandbox first, and which old attempts garbage collection may remove. Pure.
import type { ContainerLabels } from '../labels';
import type { ContainerStateName, RuntimePod } from '../runtime';

/** One managed container as `docker ps -a` shows it. */
export interface Listed {
  id: string;
  labels: ContainerLabels;
  /** Docker's state: created, running, exited, dead, ... */
  state: string;
  /** Creation time, seconds. */
  created: number;
}

export function stateOf(dockerState: string): ContainerStateName {
  if (dockerState === 'running') return 'running';
  if (dockerState === 'created') return 'waiting';
  if (dockerState === 'exited' || dockerState === 'dead') return 'exited';
  return 'unknown';
}

const newestFirst = (a: Listed, b: Listed) =>
  b.labels.restartCount - a.labels.restartCount || b.created - a.created;

export function sandboxesOf(listed: readonly Listed[]): Listed[] {
  return listed.filter((c) => c.labels.sandbox).sort((a, b) => b.created - a.created);
}

/** Every attempt of one app container, newest first. */
export function attemptsOf(listed: readonly Listed[], name: string): Listed[] {
  return listed.filter((c) => !c.labels.sandbox && c.labels.containerName === name).sort(newestFirst);
}

/** The latest attempt of each app container, in creation order of the first attempts seen. */
export function latestByName(listed: readonly Listed[]): Map<string, Listed> {
  const latest = new Map<string, Listed>();
  for (const c of [...listed].sort((a, b) => a.created - b.created)) {
    if (c.labels.sandbox) continue;
    const seen = latest.get(c.labels.containerName);
    if (!seen || newestFirst(c, seen) < 0) latest.set(c.labels.containerName, c);
  }
  return latest;
}

export function groupPods(listed: readonly Listed[]): RuntimePod[] {
  const pods = new Map<string, RuntimePod>();
  for (const c of [...listed].sort((a, b) => a.created - b.created)) {
    const l = c.labels;
    let pod = pods.get(l.podUid);
    if (!pod) {
      pod = { uid: l.podUid, name: l.podName, namespace: l.podNamespace, containers: [] };
      pods.set(l.podUid, pod);
    }
    if (l.sandbox) {
      pod.sandboxId = c.id;
      pod.podIp = l.podIp;
    } else {
      const container = { id: c.id, name: l.containerName, hash: l.hash, restartCount: l.restartCount };
      pod.containers.push({ ...container, state: stateOf(c.state) });
    }
  }
  return [...pods.values()];
}

/** Stopped containers beyond each container's latest two attempts (kept for `logs --previous`), and stopped
 * sandboxes other than the newest. */
export function garbage(listed: readonly Listed[]): Listed[] {
  const names = new Set(listed.filter((c) => !c.labels.sandbox).map((c) => c.labels.containerName));
  const doomed = [...names].flatMap((name) => attemptsOf(listed, name).slice(2));
  doomed.push(...sandboxesOf(listed).slice(1));
  return doomed.filter((c) => c.state !== 'running');
}
