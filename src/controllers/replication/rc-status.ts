// rcStatus: the status a replication controller reports (k8s calculateStatus) — how many active pods it
// claims, how many carry all the template's labels, are ready, and have been ready for minReadySeconds;
// the generation it acted on; and a ReplicaFailure condition while creates or deletes fail. statusEqual
// lets the loop skip writes that change nothing.
import { isDeepStrictEqual } from 'node:util';
import type { Pod, ReplicationController } from '../../api/types';
import type { ReplicationControllerCondition, ReplicationControllerStatus } from 'kubernetes-types/core/v1';
import { selectorFromSet } from '../../labels';
import { rfc3339 } from '../../util';
import { isPodAvailable, isPodReady } from '../pod-util';

export type { ReplicationControllerStatus };

/** Why the last manage step failed; cleared (undefined) when it succeeded. */
export interface ManageFailure {
  reason: 'FailedCreate' | 'FailedDelete';
  message: string;
}

export function rcStatus(
  rc: ReplicationController,
  activePods: readonly Pod[],
  nowMs: number,
  failure?: ManageFailure,
): ReplicationControllerStatus {
  const templateLabels = rc.spec?.template?.metadata?.labels ?? {};
  const fullyLabeled = selectorFromSet(templateLabels);
  const hasTemplateLabels = Object.keys(templateLabels).length > 0;
  const minReady = rc.spec?.minReadySeconds ?? 0;
  const status: ReplicationControllerStatus = {
    replicas: activePods.length,
    fullyLabeledReplicas: hasTemplateLabels
      ? activePods.filter((p) => fullyLabeled.matches(p.metadata?.labels)).length
      : 0,
    readyReplicas: activePods.filter(isPodReady).length,
    availableReplicas: activePods.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
  };
  if (rc.metadata?.generation !== undefined) status.observedGeneration = rc.metadata.generation;
  const conditions = failureConditions(rc.status?.conditions ?? [], failure, nowMs);
  if (conditions.length) status.conditions = conditions;
  return status;
}

function failureConditions(
  current: readonly ReplicationControllerCondition[],
  failure: ManageFailure | undefined,
  nowMs: number,
): ReplicationControllerCondition[] {
  const others = current.filter((c) => c.type !== 'ReplicaFailure').map((c) => ({ ...c }));
  const existing = current.find((c) => c.type === 'ReplicaFailure');
  if (!failure) return others;
  // Keep the condition as it is while the failure persists, so lastTransitionTime means "since".
  if (existing) return [...others, { ...existing }];
  return [
    ...others,
    {
      type: 'ReplicaFailure',
      status: 'True',
      reason: failure.reason,
      message: failure.message,
      lastTransitionTime: rfc3339(nowMs),
    },
  ];
}

/** True when writing `next` over `current` would change nothing a user can see. */
export function statusEqual(
  current: ReplicationControllerStatus | undefined,
  next: ReplicationControllerStatus,
): boolean {
  const norm = (s: ReplicationControllerStatus | undefined) => ({
    replicas: s?.replicas ?? 0,
    fullyLabeledReplicas: s?.fullyLabeledReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    observedGeneration: s?.observedGeneration,
    conditions: s?.conditions ?? [],
  });
  return isDeepStrictEqual(norm(current), norm(next));
}

/**
 * With minReadySeconds, a ready pod becomes available later without any event to wake the loop: the ms
 * until the first such pod turns available, so the loop can requeue the RC then (undefined: none).
 */
export function nextAvailableInMs(
  rc: ReplicationController,
  activePods: readonly Pod[],
  nowMs: number,
): number | undefined {
  const minReadyMs = (rc.spec?.minReadySeconds ?? 0) * 1000;
  if (minReadyMs <= 0) return undefined;
  let next: number | undefined;
  for (const pod of activePods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadyMs / 1000, nowMs)) continue;
    const since = Date.parse(
      pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '',
    );
    if (!Number.isFinite(since)) continue;
    const wait = since + minReadyMs + 1 - nowMs;
    next = next === undefined ? wait : Math.min(next, wait);
  }
  return next;
}
