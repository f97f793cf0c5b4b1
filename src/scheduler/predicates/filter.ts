// Filter: the shape every predicate has. A filter answers whether a pod may run on a node and, when it
// may not, gives kube-scheduler's reason strings, which FailedScheduling events count and print.
// Most filters give one reason; the resource filter may give several ("Insufficient cpu" and
// "Insufficient memory" for one node), and each is counted, as Kubernetes does.
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';

export type FilterResult =
  { readonly fits: true } | { readonly fits: false; readonly reasons: readonly string[] };

export type Filter = (pod: PodInfo, node: NodeInfo) => FilterResult;

export const FITS: FilterResult = Object.freeze({ fits: true });

export function unfit(...reasons: string[]): FilterResult {
  return { fits: false, reasons };
}
