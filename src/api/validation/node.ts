// Nodes: cluster-scoped, DNS-1123 subdomain names, a valid pod CIDR, capacity and allocatable that
// are non-negative quantities, addresses that are IPs when typed as such.
import { fieldErrors, type FieldError } from '../errors';
import type { Node, NodeSpec, NodeStatus } from '../types';
import { child, index, key } from './field-path';
import { CIDR_DETAIL, IP_DETAIL, isValidCIDR, isValidIP } from './ip';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validateQuantity } from './resources';
import { listAt, objectAt } from './shape';

const IP_ADDRESS_TYPES = new Set(['InternalIP', 'ExternalIP']);

function validateResourceList(list: unknown, path: string, errs: FieldError[]): void {
  for (const [name, value] of Object.entries(objectAt<Record<string, unknown>>(list, path, errs)))
    validateQuantity(value, key(path, name), errs);
}

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameRule: 'dns1123Subdomain' });
  const spec = objectAt<NodeSpec>(node.spec, 'spec', errs);
  if (spec.podCIDR && !isValidCIDR(spec.podCIDR))
    errs.push(fieldErrors.invalid('spec.podCIDR', spec.podCIDR, CIDR_DETAIL));
  const status = objectAt<NodeStatus>(node.status, 'status', errs);
  validateResourceList(status.capacity, 'status.capacity', errs);
  validateResourceList(status.allocatable, 'status.allocatable', errs);
  listAt<{ type?: string; address?: string }>(status.addresses, 'status.addresses', errs).forEach((a, i) => {
    const p = index('status.addresses', i);
    if (!a?.address) errs.push(fieldErrors.required(child(p, 'address')));
    else if (IP_ADDRESS_TYPES.has(a.type ?? '') && !isValidIP(a.address))
      errs.push(fieldErrors.invalid(child(p, 'address'), a.address, IP_DETAIL));
  });
  return errs;
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  return [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNode(node)];
}
