// NodeMatcher: a pod's hard node constraints — spec.nodeSelector and required node affinity
// (nodeSelectorTerms) — compiled once per pod into one function over a node. Terms are ORed; within a
// term every expression and field must hold; a term that is empty or invalid matches no node, as in
// Kubernetes. matchFields knows metadata.name only, the one field Kubernetes supports there.
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { Node, Pod } from '../api/types';
import { Requirement, type Operator } from '../labels';

export type NodeMatcher = (node: Node) => boolean;

const OPERATORS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

function requirement(r: NodeSelectorRequirement): Requirement | undefined {
  const op = OPERATORS[r.operator];
  if (!op) return undefined;
  try {
    return Requirement.create(r.key, op, r.values ?? []);
  } catch {
    return undefined;
  }
}

function compileTerm(term: NodeSelectorTerm): NodeMatcher | undefined {
  const exprs = (term.matchExpressions ?? []).map(requirement);
  const fields = (term.matchFields ?? []).map((f) =>
    f.key === 'metadata.name' ? requirement(f) : undefined,
  );
  if (exprs.length + fields.length === 0) return undefined;
  if (exprs.includes(undefined) || fields.includes(undefined)) return undefined;
  const labelReqs = exprs as Requirement[];
  const fieldReqs = fields as Requirement[];
  return (node) => {
    const labels = node.metadata?.labels;
    if (!labelReqs.every((r) => r.matches(labels))) return false;
    if (fieldReqs.length === 0) return true;
    const nodeFields = { 'metadata.name': node.metadata?.name ?? '' };
    return fieldReqs.every((r) => r.matches(nodeFields));
  };
}

/** undefined when the pod puts no constraint on nodes (the common case, and the fast one). */
export function compileNodeMatcher(pod: Pod): NodeMatcher | undefined {
  const checks: NodeMatcher[] = [];
  const selector = Object.entries(pod.spec?.nodeSelector ?? {});
  if (selector.length > 0) {
    checks.push((node) => {
      const labels = node.metadata?.labels;
      return selector.every(([k, v]) => labels?.[k] === v);
    });
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const terms = (required.nodeSelectorTerms ?? []).map(compileTerm).filter((t) => t !== undefined);
    checks.push((node) => terms.some((t) => t(node)));
  }
  if (checks.length === 0) return undefined;
  return (node) => checks.every((c) => c(node));
}
