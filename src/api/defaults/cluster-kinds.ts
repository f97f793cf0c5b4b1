// Defaults for the smaller kinds: a namespace starts Active with the "kubernetes" finalizer (so the
// namespace controller empties it before it goes away); a node's allocatable defaults to its capacity;
// endpoint ports default to TCP.
import type { Endpoints, Namespace, Node } from '../types';

export function defaultNamespace(ns: Namespace): void {
  ns.spec ??= {};
  if (!ns.spec.finalizers || ns.spec.finalizers.length === 0) ns.spec.finalizers = ['kubernetes'];
  ns.status ??= {};
  ns.status.phase ??= 'Active';
}

export function defaultNode(node: Node): void {
  const status = node.status;
  if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
}

export function defaultEndpoints(ep: Endpoints): void {
  for (const subset of Array.isArray(ep.subsets) ? ep.subsets : [])
    for (const port of Array.isArray(subset?.ports) ? subset.ports : []) if (port) port.protocol ??= 'TCP';
}
