// The proxier's view of the cluster: one entry per port of every service that has a cluster IP, with the
// ready endpoints serving that port. Pure, and sorted, so the same state always renders the same rules and an
// unchanged state can be recognised by its text.
import type { Endpoints, Service, ServicePort } from '../../api/types';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface ServicePortInfo {
  /** `ns/name:portName/PROTO`, the identity hashed into chain names. */
  readonly id: string;
  /** `ns/name:portName` (or `ns/name` for an unnamed port), for comments and logs. */
  readonly display: string;
  readonly protocol: Protocol;
  readonly clusterIP: string;
  readonly port: number;
  /** Set for NodePort and LoadBalancer services. */
  readonly nodePort?: number;
  /** Seconds a client IP sticks to its endpoint; set only for sessionAffinity ClientIP. */
  readonly affinitySeconds?: number;
  /** Ready endpoints as `ip:port`, sorted, without duplicates. */
  readonly endpoints: readonly string[];
}

/** Kubernetes' default for sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_SECONDS = 10_800;

const PROTOCOLS: Record<string, Protocol> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

const validPort = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536;

/** The service ports the proxier must serve, sorted by id. Headless and ExternalName services have none. */
export function servicePorts(
  services: readonly Service[],
  endpoints: readonly Endpoints[],
): ServicePortInfo[] {
  const endpointsByKey = new Map(endpoints.map((e) => [keyOf(e), e]));
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    const spec = svc.spec;
    const clusterIP = spec?.clusterIP;
    if (!spec || !clusterIP || clusterIP === 'None' || spec.type === 'ExternalName') continue;
    const key = keyOf(svc);
    for (const sp of spec.ports ?? []) {
      const protocol = PROTOCOLS[sp.protocol ?? 'TCP'];
      if (!protocol || !validPort(sp.port)) continue;
      const portName = sp.name ?? '';
      const withNodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
      out.push({
        id: `${key}:${portName}/${protocol.toUpperCase()}`,
        display: portName ? `${key}:${portName}` : key,
        protocol,
        clusterIP,
        port: sp.port,
        ...(withNodePort && validPort(sp.nodePort) ? { nodePort: sp.nodePort } : {}),
        ...(spec.sessionAffinity === 'ClientIP' ? { affinitySeconds: affinitySeconds(svc) } : {}),
        endpoints: endpointsFor(endpointsByKey.get(key), sp),
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function keyOf(obj: Service | Endpoints): string {
  return `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? ''}`;
}

function affinitySeconds(svc: Service): number {
  const t = svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  return typeof t === 'number' && Number.isInteger(t) && t > 0 ? t : DEFAULT_AFFINITY_SECONDS;
}

/** Ready addresses of the subsets' ports named like the service port (endpoints carry the resolved number). */
function endpointsFor(ep: Endpoints | undefined, sp: ServicePort): string[] {
  const found = new Set<string>();
  for (const subset of ep?.subsets ?? []) {
    for (const port of subset.ports ?? []) {
      if ((port.name ?? '') !== (sp.name ?? '') || (port.protocol ?? 'TCP') !== (sp.protocol ?? 'TCP'))
        continue;
      if (!validPort(port.port)) continue;
      for (const addr of subset.addresses ?? []) if (addr.ip) found.add(`${addr.ip}:${port.port}`);
    }
  }
  return [...found].sort();
}
