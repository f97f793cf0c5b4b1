// Taints and tolerations: Kubernetes' matching rule, and the taints a node effectively carries. A node
// whose Ready condition is not True is treated as carrying the taint the node lifecycle controller puts
// on it (not-ready when False or never reported, unreachable when Unknown), so the scheduler avoids it
// whether or not that controller has run yet, and a pod that tolerates the taint may still go there.
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';

export type { Taint, Toleration };

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** k8s ToleratesTaint: an empty key with operator Exists tolerates everything; an empty effect, every effect. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator || 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/** The taint implied by the node's Ready condition, or undefined when the node is Ready. */
export function readinessTaint(node: Node): Taint | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  return { key: ready?.status === 'Unknown' ? TAINT_UNREACHABLE : TAINT_NOT_READY, effect: 'NoSchedule' };
}

/** spec.taints plus the readiness taint (unless the node already carries one with that key). */
export function effectiveTaints(node: Node): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  const implied = readinessTaint(node);
  if (implied && !taints.some((t) => t.key === implied.key)) taints.push(implied);
  return taints;
}
