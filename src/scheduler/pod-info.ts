// PodInfo: a pod with everything the filters and scores read from it computed once (requests, host
// ports, tolerations), so checking it against thousands of nodes parses nothing. Pods are never mutated.
import type { Pod } from '../api/types';
import type { Toleration } from './taints';
import { podHostPorts, type HostPort } from './host-ports';
import { compileNodeMatcher, type NodeMatcher } from './node-matcher';
import { podRequest, type Resources } from './resources';

export interface PodInfo {
  readonly pod: Pod;
  /** metadata.uid, or namespace/name for objects that have none yet. */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** Has a deletionTimestamp: still holds resources, but spreading ignores it. */
  readonly deleting: boolean;
  /** What the pod must fit in (containers that request nothing count zero). */
  readonly request: Resources;
  /** What scoring charges the pod (containers that request nothing count 100m / 200Mi). */
  readonly nonZeroRequest: Resources;
  readonly hostPorts: readonly HostPort[];
  readonly tolerations: readonly Toleration[];
  /** nodeSelector and required node affinity; undefined when the pod accepts any node. */
  readonly nodeMatcher: NodeMatcher | undefined;
}

export function podKey(pod: Pod): string {
  return pod.metadata?.uid || `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function newPodInfo(pod: Pod): PodInfo {
  return {
    pod,
    key: podKey(pod),
    namespace: pod.metadata?.namespace ?? 'default',
    labels: pod.metadata?.labels,
    deleting: !!pod.metadata?.deletionTimestamp,
    request: podRequest(pod),
    nonZeroRequest: podRequest(pod, true),
    hostPorts: podHostPorts(pod),
    tolerations: pod.spec?.tolerations ?? [],
    nodeMatcher: compileNodeMatcher(pod),
  };
}

/** Succeeded and Failed pods hold no resources. */
export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Whether the scheduler should place this pod: not yet bound (a pod with spec.nodeName is never
 * touched), not finished, not being deleted, and meant for this scheduler.
 */
export function needsScheduling(pod: Pod, schedulerName = 'default-scheduler'): boolean {
  if (pod.spec?.nodeName) return false;
  if (isTerminal(pod) || pod.metadata?.deletionTimestamp) return false;
  return (pod.spec?.schedulerName || 'default-scheduler') === schedulerName;
}
