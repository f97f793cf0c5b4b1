// podsToEvict: which pods of a node that stopped being Ready to delete now, so their replication
// controllers replace them on healthy nodes (k8s taint-based eviction). A pod goes once the node has been
// not ready for --pod-eviction-timeout (5 min) — or for its own toleration of the node's NoExecute taint
// (tolerationSeconds; forever without), the way a pod asks to ride out a short partition. Pods already
// being deleted and DaemonSet pods (they belong on that node) are left. podNotReadyStatus is the status
// the controller writes first, so endpoints drop the pods of an unreachable node at once.
import type { Pod, PodStatus, Node } from '../../api/types';
import type { Toleration } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../util';
import { isPodReady } from '../pod-util';
import { controllerRefOf } from '../owner-refs';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from './node-health';

export const POD_EVICTION_TIMEOUT_MS = 5 * 60 * 1000;

export interface Eviction {
  /** Pods to delete now. */
  evict: Pod[];
  /** Ms until the next pod on this node comes due; undefined when no other will. */
  nextInMs?: number;
}

function tolerates(t: Toleration, key: string): boolean {
  if (t.effect && t.effect !== 'NoExecute') return false;
  if (t.key && t.key !== key) return false;
  return (t.operator ?? 'Equal') === 'Exists' || (!t.value && !!t.key);
}

/** How long pod may stay on a node carrying key:NoExecute; Infinity when it tolerates it for good. */
function allowedMs(pod: Pod, key: string, defaultMs: number): number {
  const ts = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, key));
  if (ts.length === 0) return defaultMs;
  if (ts.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) return Infinity;
  return Math.max(0, Math.min(...ts.map((t) => t.tolerationSeconds!))) * 1000;
}

export function podsToEvict(
  node: Node,
  pods: readonly Pod[],
  unknownSince: number,
  nowMs: number,
  evictionTimeoutMs = POD_EVICTION_TIMEOUT_MS,
): Eviction {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  if (ready === 'True') return { evict: [] };
  const key = ready === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
  const out: Eviction = { evict: [] };
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node.metadata?.name || pod.metadata?.deletionTimestamp) continue;
    if (controllerRefOf(pod)?.kind === 'DaemonSet') continue;
    const due = unknownSince + allowedMs(pod, key, evictionTimeoutMs);
    if (due <= nowMs) out.evict.push(pod);
    else if (Number.isFinite(due)) out.nextInMs = Math.min(out.nextInMs ?? Infinity, due - nowMs);
  }
  return out;
}

/** The pod's status with Ready False (k8s MarkPodsNotReady); undefined when it is not Ready now. */
export function podNotReadyStatus(pod: Pod, nowMs: number): PodStatus | undefined {
  if (!isPodReady(pod)) return undefined;
  const status = structuredClone(pod.status ?? {});
  const c = status.conditions!.find((x) => x.type === 'Ready')!;
  c.status = 'False';
  c.lastTransitionTime = rfc3339(nowMs);
  return status;
}
