// podsToManage: which pods a replication controller counts and acts on (k8s PodControllerRefManager.
// ClaimPods after FilterActivePods). It owns the adoption rules: a pod is the RC's when its controller
// reference has the RC's uid; a matching orphan is adopted; a pod the RC controls that no longer matches
// the selector is released. Pods controlled by someone else are never touched.
import type { OwnerReference, Pod, ReplicationController } from '../../api/types';
import { addOwnerPatch, controllerRefOf, removeOwnerPatch, type OwnerRefsPatch } from '../owner-refs';
import { isPodActive } from '../pod-util';
import { rcSelector } from './rc-selector';

export interface ManagedPods {
  /** Active pods the RC counts as its replicas: those it controls that match, plus `adopt`. */
  active: Pod[];
  /** Matching orphans to claim (PATCH with adoptPatch) before counting them. */
  adopt: Pod[];
  /** Pods the RC controls whose labels no longer match: PATCH with releasePatch. */
  release: Pod[];
}

/** The controller reference a replication controller sets on the pods it creates or adopts. */
export function controllerRefFor(rc: ReplicationController): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    name: rc.metadata?.name ?? '',
    uid: rc.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Sorts the namespace's pods for rc. Terminal pods and pods being deleted are ignored entirely. While the
 * RC itself is being deleted it neither adopts nor releases (the garbage collector owns its pods then).
 */
export function podsToManage(rc: ReplicationController, pods: readonly Pod[]): ManagedPods {
  const selector = rcSelector(rc);
  const uid = rc.metadata?.uid;
  const rcDeleting = !!rc.metadata?.deletionTimestamp;
  const out: ManagedPods = { active: [], adopt: [], release: [] };
  for (const pod of pods) {
    if (pod.metadata?.namespace !== rc.metadata?.namespace || !isPodActive(pod)) continue;
    const matches = selector.matches(pod.metadata?.labels);
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) out.active.push(pod);
      else if (!rcDeleting) out.release.push(pod);
    } else if (matches && !rcDeleting) {
      out.adopt.push(pod);
      out.active.push(pod);
    }
  }
  return out;
}

export const adoptPatch = (rc: ReplicationController, pod: Pod): OwnerRefsPatch =>
  addOwnerPatch(pod, controllerRefFor(rc));

export const releasePatch = (rc: ReplicationController, pod: Pod): OwnerRefsPatch =>
  removeOwnerPatch(pod, rc.metadata?.uid ?? '');
