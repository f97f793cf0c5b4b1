// NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods, unless the pod tolerates
// the node.kubernetes.io/unschedulable:NoSchedule taint that cordoning stands for.
import { TAINT_UNSCHEDULABLE, tolerated, type Taint } from '../taints';
import { FITS, unfit, type Filter } from './filter';

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';

const CORDON_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' };
const REJECT = unfit(ERR_UNSCHEDULABLE);

export const nodeUnschedulable: Filter = (pod, node) => {
  if (!node.unschedulable) return FITS;
  return tolerated(pod.tolerations, CORDON_TAINT) ? FITS : REJECT;
};
