// NodePorts: every host port the pod asks for must be free on the node (see host-ports.ts for when two
// ports conflict).
import { FITS, unfit, type Filter } from './filter';

export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECT = unfit(ERR_NODE_PORTS);

export const nodePorts: Filter = (pod, node) => {
  for (const hp of pod.hostPorts) if (node.usedPorts.conflicts(hp)) return REJECT;
  return FITS;
};
