// Endpoints: each subset has addresses (ready or not) that are real IPs and ports that are valid,
// named when there are several, so the proxy can match them to the service's ports by name.
import { fieldErrors, type FieldError } from '../errors';
import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset } from '../types';
import { validateProtocol } from './container';
import { child, index } from './field-path';
import { IP_DETAIL, isValidIP, specialIPError } from './ip';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Label, isValidPortNum } from './names';
import { listAt, objectAt } from './shape';

function validateAddress(a: EndpointAddress, path: string, errs: FieldError[]): void {
  const ip = child(path, 'ip');
  if (!a?.ip) return void errs.push(fieldErrors.required(ip));
  if (!isValidIP(a.ip)) return void errs.push(fieldErrors.invalid(ip, a.ip, IP_DETAIL));
  const special = specialIPError(a.ip);
  if (special) errs.push(fieldErrors.invalid(ip, a.ip, special));
}

function validatePort(port: EndpointPort, requireName: boolean, path: string, errs: FieldError[]): void {
  const p = port ?? ({} as EndpointPort);
  if (requireName && !p.name) errs.push(fieldErrors.required(child(path, 'name')));
  else if (p.name)
    for (const msg of isDNS1123Label(p.name))
      errs.push(fieldErrors.invalid(child(path, 'name'), p.name, msg));
  for (const msg of isValidPortNum(p.port)) errs.push(fieldErrors.invalid(child(path, 'port'), p.port, msg));
  errs.push(...validateProtocol(p.protocol, child(path, 'protocol')));
}

function validateSubset(subset: EndpointSubset, path: string, errs: FieldError[]): void {
  const s = objectAt<EndpointSubset>(subset, path, errs);
  const ready = listAt<EndpointAddress>(s.addresses, child(path, 'addresses'), errs);
  const notReady = listAt<EndpointAddress>(s.notReadyAddresses, child(path, 'notReadyAddresses'), errs);
  if (ready.length === 0 && notReady.length === 0)
    errs.push(fieldErrors.required(path, 'must specify `addresses` or `notReadyAddresses`'));
  ready.forEach((a, i) => validateAddress(a, index(child(path, 'addresses'), i), errs));
  notReady.forEach((a, i) => validateAddress(a, index(child(path, 'notReadyAddresses'), i), errs));
  const ports = listAt<EndpointPort>(s.ports, child(path, 'ports'), errs);
  ports.forEach((p, i) => validatePort(p, ports.length > 1, index(child(path, 'ports'), i), errs));
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, { namespaced: true, nameRule: 'dns1123Subdomain' });
  listAt<EndpointSubset>(ep.subsets, 'subsets', errs).forEach((s, i) =>
    validateSubset(s, index('subsets', i), errs),
  );
  return errs;
}

export function validateEndpointsUpdate(ep: Endpoints, old: Endpoints): FieldError[] {
  return [...validateObjectMetaUpdate(ep.metadata, old.metadata), ...validateEndpoints(ep)];
}
