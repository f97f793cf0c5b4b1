// TaintToleration: the pod must tolerate every NoSchedule and NoExecute taint on the node, including the
// not-ready / unreachable taint implied by a node that is not Ready (see taints.ts). The reason names the
// first untolerated taint, in kube-scheduler's format `{key: value}`.
import { tolerated } from '../taints';
import { FITS, unfit, type Filter } from './filter';

export function untoleratedTaintReason(key: string, value = ''): string {
  return `node(s) had untolerated taint {${key}: ${value}}`;
}

export const taintToleration: Filter = (pod, node) => {
  for (const taint of node.taints) {
    if (!tolerated(pod.tolerations, taint)) return unfit(untoleratedTaintReason(taint.key, taint.value));
  }
  return FITS;
};
