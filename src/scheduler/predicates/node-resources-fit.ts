// NodeResourcesFit: the pod's requests must fit in what the node's pods (bound and assumed) leave of its
// allocatable cpu, memory and pod count. A request of zero never fails for that resource, as in
// Kubernetes, so a pod that asks for nothing is limited only by the pod count. Every shortfall is
// reported, in Kubernetes' order: pods, cpu, memory.
import { FITS, type Filter } from './filter';

export const ERR_TOO_MANY_PODS = 'Too many pods';
export const ERR_INSUFFICIENT_CPU = 'Insufficient cpu';
export const ERR_INSUFFICIENT_MEMORY = 'Insufficient memory';

export const nodeResourcesFit: Filter = (pod, node) => {
  const { allocatable: alloc, requested: used } = node;
  const req = pod.request;
  let reasons: string[] | undefined;
  if (node.podCount + 1 > alloc.pods) (reasons ??= []).push(ERR_TOO_MANY_PODS);
  if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu)
    (reasons ??= []).push(ERR_INSUFFICIENT_CPU);
  if (req.memory > 0 && req.memory > alloc.memory - used.memory)
    (reasons ??= []).push(ERR_INSUFFICIENT_MEMORY);
  return reasons ? { fits: false, reasons } : FITS;
};
