// planPod: the pure core of syncPod. From the pod spec and what the runtime observes, it decides what to kill,
// what to (re)start and whether a new sandbox is needed — Kubernetes' computePodActions in small. Both runtimes
// (docker and fake) execute its plan, so restart semantics are the same on a real and a hollow node.
import type { Container, Pod } from '../../api/types';
import type { ContainerStateName } from './runtime';
import { hashContainer } from './spec-hash';

export interface ObservedContainer {
  id: string;
  name: string;
  hash: string;
  /** `waiting` here means created but never started. */
  state: ContainerStateName;
  exitCode?: number;
  restartCount: number;
}

export interface ObservedPod {
  sandbox?: { id: string; running: boolean };
  /** The latest attempt of each container name. */
  containers: readonly ObservedContainer[];
}

export interface PodActions {
  createSandbox: boolean;
  kill: { id: string; name: string; reason: string }[];
  start: { container: Container; restartCount: number }[];
}

export function mayRestart(policy: string | undefined, exitCode: number | undefined): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true; // Always, the default
}

export function planPod(
  pod: Pod,
  observed: ObservedPod,
  holdRestart: ReadonlySet<string> = new Set(),
): PodActions {
  const spec = pod.spec?.containers ?? [];
  const policy = pod.spec?.restartPolicy;
  const byName = new Map(observed.containers.map((c) => [c.name, c]));
  const sandboxUp = observed.sandbox?.running === true;
  const actions: PodActions = { createSandbox: false, kill: [], start: [] };

  for (const container of spec) {
    const seen = byName.get(container.name);
    if (!seen) {
      actions.start.push({ container, restartCount: 0 });
      continue;
    }
    if (seen.state === 'waiting') {
      // Created but never started (the last sync was interrupted): replace it without counting a restart.
      actions.kill.push({ id: seen.id, name: seen.name, reason: 'never started' });
      actions.start.push({ container, restartCount: seen.restartCount });
    } else if (seen.state === 'running') {
      if (sandboxUp && seen.hash === hashContainer(container)) continue;
      const reason = sandboxUp ? 'container spec changed' : 'pod sandbox changed';
      actions.kill.push({ id: seen.id, name: seen.name, reason });
      actions.start.push({ container, restartCount: seen.restartCount + 1 });
    } else if (mayRestart(policy, seen.exitCode) && !holdRestart.has(container.name)) {
      actions.start.push({ container, restartCount: seen.restartCount + 1 });
    }
  }

  const wanted = new Set(spec.map((c) => c.name));
  for (const seen of observed.containers) {
    if (!wanted.has(seen.name) && seen.state === 'running') {
      actions.kill.push({ id: seen.id, name: seen.name, reason: 'not in the pod spec' });
    }
  }

  // A new sandbox means a new network namespace: nothing of the old one may keep running.
  if (!sandboxUp && actions.start.length > 0) actions.createSandbox = true;
  if (!sandboxUp && !actions.createSandbox) {
    for (const seen of observed.containers) {
      if (seen.state === 'running' && !actions.kill.some((k) => k.id === seen.id)) {
        actions.kill.push({ id: seen.id, name: seen.name, reason: 'pod sandbox is gone' });
      }
    }
  }
  return actions;
}
