// predicates: the filters a node must pass to run a pod, in kube-scheduler's default order. A node's
// first failing filter decides its reasons (later filters are not run), so the FailedScheduling message
// names, per node, the most basic thing that is wrong with it.
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { FITS, type Filter, type FilterResult } from './filter';
import { nodeAffinity } from './node-affinity';
import { nodePorts } from './node-ports';
import { nodeResourcesFit } from './node-resources-fit';
import { nodeUnschedulable } from './node-unschedulable';
import { taintToleration } from './taint-toleration';

export { FITS, unfit, type Filter, type FilterResult } from './filter';
export { nodeUnschedulable, ERR_UNSCHEDULABLE } from './node-unschedulable';
export { taintToleration, untoleratedTaintReason } from './taint-toleration';
export { nodeAffinity, ERR_NODE_AFFINITY } from './node-affinity';
export { nodePorts, ERR_NODE_PORTS } from './node-ports';
export {
  nodeResourcesFit,
  ERR_TOO_MANY_PODS,
  ERR_INSUFFICIENT_CPU,
  ERR_INSUFFICIENT_MEMORY,
} from './node-resources-fit';

export const DEFAULT_FILTERS: readonly Filter[] = [
  nodeUnschedulable,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
];

export function runFilters(
  pod: PodInfo,
  node: NodeInfo,
  filters: readonly Filter[] = DEFAULT_FILTERS,
): FilterResult {
  for (let i = 0; i < filters.length; i++) {
    const r = filters[i]!(pod, node);
    if (!r.fits) return r;
  }
  return FITS;
}
