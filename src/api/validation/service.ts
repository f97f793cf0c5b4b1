// Services: DNS-1035 names, ports (named when several, unique, valid target ports), cluster IP
// ("" to allocate, "None" for headless, else an IP), type, node ports (a port number, not for ClusterIP,
// unique per protocol; the range is the allocator's), session affinity, selector.
import { fieldErrors, type FieldError } from '../errors';
import type { Service, ServicePort, ServiceSpec } from '../types';
import { validateEnum, validateProtocol } from './container';
import { child, index } from './field-path';
import { IP_DETAIL, isValidIP } from './ip';
import { validateLabels } from './labels';
import { FIELD_IMMUTABLE } from './messages';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from './names';
import { validatePortNumOrName } from './probe';
import { listAt, objectAt } from './shape';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];

function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  type: string,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(fieldErrors.required(child(path, 'name')));
  else if (sp.name)
    for (const msg of isDNS1123Label(sp.name))
      errs.push(fieldErrors.invalid(child(path, 'name'), sp.name, msg));
  for (const msg of isValidPortNum(sp.port))
    errs.push(fieldErrors.invalid(child(path, 'port'), sp.port, msg));
  errs.push(...validateProtocol(sp.protocol, child(path, 'protocol')));
  if (sp.targetPort !== undefined)
    errs.push(...validatePortNumOrName(sp.targetPort, child(path, 'targetPort')));
  if (sp.nodePort !== undefined && sp.nodePort !== 0) {
    const p = child(path, 'nodePort');
    if (type === 'ClusterIP')
      errs.push(fieldErrors.forbidden(p, "may not be used when `type` is 'ClusterIP'"));
    // Only a port number here: the configured --service-node-port-range is the registry allocator's check.
    else for (const msg of isValidPortNum(sp.nodePort)) errs.push(fieldErrors.invalid(p, sp.nodePort, msg));
  }
  return errs;
}

function validatePorts(s: Partial<ServiceSpec>, type: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ports = listAt<ServicePort>(s.ports, path, errs);
  if (ports.length === 0 && s.clusterIP !== 'None' && type !== 'ExternalName' && !errs.length)
    errs.push(fieldErrors.required(path));
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((sp, i) => {
    const p = index(path, i);
    errs.push(...validateServicePort(sp ?? {}, ports.length > 1, type, p));
    if (sp?.name) {
      if (names.has(sp.name)) errs.push(fieldErrors.duplicate(child(p, 'name'), sp.name));
      names.add(sp.name);
    }
    const key = `${sp?.port}/${sp?.protocol}`;
    if (keys.has(key)) errs.push(fieldErrors.duplicate(p, { port: sp.port, protocol: sp.protocol }));
    keys.add(key);
    // One node port may serve a TCP and a UDP port, but not two ports of one protocol.
    const nodePortKey = `${sp?.nodePort}/${sp?.protocol}`;
    if (sp?.nodePort && nodePorts.has(nodePortKey))
      errs.push(fieldErrors.duplicate(child(p, 'nodePort'), sp.nodePort));
    nodePorts.add(nodePortKey);
  });
  return errs;
}

function validateClusterIP(ip: unknown, type: string, path: string): FieldError[] {
  if (ip === undefined || ip === '') return [];
  if (type === 'ExternalName')
    return [fieldErrors.forbidden(path, 'may not be set for ExternalName services')];
  if (ip === 'None')
    return type === 'ClusterIP'
      ? []
      : [fieldErrors.invalid(path, ip, `may not be set to 'None' for ${type} services`)];
  return typeof ip === 'string' && isValidIP(ip) ? [] : [fieldErrors.invalid(path, ip, IP_DETAIL)];
}

export function validateServiceSpec(spec: unknown, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const s = objectAt<ServiceSpec>(spec, path, errs);
  const type = s.type ?? 'ClusterIP';
  errs.push(...validateEnum(type, SERVICE_TYPES, child(path, 'type')));
  errs.push(...validatePorts(s, type, child(path, 'ports')));
  errs.push(...validateClusterIP(s.clusterIP, type, child(path, 'clusterIP')));
  if (type === 'ExternalName') {
    const name = s.externalName;
    if (!name) errs.push(fieldErrors.required(child(path, 'externalName')));
    else
      for (const msg of isDNS1123Subdomain(name))
        errs.push(fieldErrors.invalid(child(path, 'externalName'), name, msg));
  }
  if (s.sessionAffinity !== undefined)
    errs.push(...validateEnum(s.sessionAffinity, SESSION_AFFINITIES, child(path, 'sessionAffinity')));
  errs.push(...validateLabels(s.selector, child(path, 'selector')));
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  return [
    ...validateObjectMeta(svc.metadata, { namespaced: true, nameRule: 'dns1035Label' }),
    ...validateServiceSpec(svc.spec),
  ];
}

/**
 * A cluster IP may not change once allocated. An update that leaves it empty keeps the old one: the
 * registry copies it over before storing, as Kubernetes does for `kubectl apply`.
 */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateService(svc)];
  const ip = svc.spec?.clusterIP;
  const oldIP = old.spec?.clusterIP;
  if (oldIP && ip && ip !== oldIP && svc.spec?.type !== 'ExternalName')
    errs.push(fieldErrors.invalid('spec.clusterIP', ip, FIELD_IMMUTABLE));
  return errs;
}
