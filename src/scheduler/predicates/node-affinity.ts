// NodeAffinity: the node must carry the pod's nodeSelector labels and satisfy its required node
// affinity (compiled once per pod into PodInfo.nodeMatcher).
import { FITS, unfit, type Filter } from './filter';

export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

const REJECT = unfit(ERR_NODE_AFFINITY);

export const nodeAffinity: Filter = (pod, node) => {
  if (!pod.nodeMatcher || !node.node) return FITS;
  return pod.nodeMatcher(node.node) ? FITS : REJECT;
};
