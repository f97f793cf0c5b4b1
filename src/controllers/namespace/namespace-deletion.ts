// The namespace controller's decision for one namespace (k8s namespaced_resources_deleter). Deleting a
// namespace only marks it Terminating; the controller deletes everything in it, reports what remains in
// the NamespaceContentRemaining condition (worded as Kubernetes words it), and once nothing is left
// removes its `kubernetes` finalizer through namespaces/<name>/finalize. The apiserver removes the
// namespace when no finalizer is left; one that lingers without finalizers is deleted again.
import type { Namespace } from '../../api/types';
import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../util';

export const NAMESPACE_FINALIZER = 'kubernetes';

/** Objects left per resource (e.g. { pods: 2, services: 0 }). */
export type ContentCounts = Readonly<Record<string, number>>;

export interface ContentRemaining {
  total: number;
  /** Resources with objects left, sorted. */
  resources: string[];
  /** "pods has 2 resource instances, services has 1 resource instances", as k8s writes it. */
  message: string;
}

export function namespaceContentsRemaining(counts: ContentCounts): ContentRemaining {
  const resources = Object.keys(counts)
    .filter((r) => (counts[r] ?? 0) > 0)
    .sort();
  return {
    total: resources.reduce((n, r) => n + counts[r]!, 0),
    resources,
    message: resources.map((r) => `${r} has ${counts[r]} resource instances`).join(', '),
  };
}

export type NamespaceStep =
  /** Not being deleted, or waiting on someone else's finalizer. */
  | { action: 'none' }
  /** Delete what is in these resources, write status if set, and look again later. */
  | { action: 'delete-content'; resources: string[]; status?: NamespaceStatus }
  /** PUT namespaces/<name>/finalize with this object (spec.finalizers without `kubernetes`). */
  | { action: 'finalize'; namespace: Namespace; status?: NamespaceStatus }
  /** No finalizer holds it any more: DELETE it again so the apiserver removes it. */
  | { action: 'delete' };

export function namespaceDeletionStep(ns: Namespace, counts: ContentCounts, nowMs: number): NamespaceStep {
  if (!ns.metadata?.deletionTimestamp) return { action: 'none' };
  const finalizers = ns.spec?.finalizers ?? [];
  if (!finalizers.includes(NAMESPACE_FINALIZER)) {
    const held = finalizers.length > 0 || (ns.metadata.finalizers ?? []).length > 0;
    return held ? { action: 'none' } : { action: 'delete' };
  }
  const remaining = namespaceContentsRemaining(counts);
  const condition: NamespaceCondition = remaining.total
    ? {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${remaining.message}`,
      }
    : {
        type: 'NamespaceContentRemaining',
        status: 'False',
        reason: 'ContentDeleted',
        message: 'All content successfully deleted, may be waiting on finalization',
      };
  const status = statusWith(ns, condition, nowMs);
  if (remaining.total)
    return { action: 'delete-content', resources: remaining.resources, ...(status && { status }) };
  const namespace: Namespace = structuredClone(ns);
  namespace.spec = { ...namespace.spec, finalizers: finalizers.filter((f) => f !== NAMESPACE_FINALIZER) };
  return { action: 'finalize', namespace, ...(status && { status }) };
}

/** The status with condition set; undefined when the namespace already says exactly that. */
function statusWith(
  ns: Namespace,
  condition: NamespaceCondition,
  nowMs: number,
): NamespaceStatus | undefined {
  const current = ns.status?.conditions ?? [];
  const old = current.find((c) => c.type === condition.type);
  if (
    old &&
    old.status === condition.status &&
    old.reason === condition.reason &&
    old.message === condition.message
  )
    return undefined;
  const next = {
    ...condition,
    lastTransitionTime: old?.status === condition.status ? old.lastTransitionTime : rfc3339(nowMs),
  };
  return {
    ...structuredClone(ns.status ?? {}),
    phase: 'Terminating',
    conditions: [...current.filter((c) => c.type !== condition.type).map((c) => ({ ...c })), next],
  };
}
