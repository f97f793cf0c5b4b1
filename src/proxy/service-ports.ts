// What the data planes serve, pure: the services and endpoints of the API flattened into one record per
// service port — cluster IP, port, protocol, node port, affinity and the ready backends behind it. Both
// proxiers (userspace listeners, iptables chains) and the watch loop's change log read this, so "what is a
// backend" is decided in one place. Sorted, so the same state always renders the same rules.
import type { Endpoints, Service, ServicePort } from '../api/types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Kubernetes' default for spec.sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10_800;

export interface ServicePortInfo {
  /** "namespace/name:portName", or "namespace/name" for a service's single unnamed port: logs, comments. */
  readonly name: string;
  /** "namespace/name:portName/PROTOCOL": unique per port and stable, hashed into iptables chain names. */
  readonly id: string;
  readonly protocol: Protocol;
  readonly clusterIP: string;
  readonly port: number;
  /** Set when the service is type NodePort (or LoadBalancer) and the port has one. */
  readonly nodePort?: number;
  /** ClientIP affinity timeout in seconds; undefined when the service has no affinity. */
  readonly affinityTimeoutSeconds?: number;
  /** Ready backends as "ip:port", sorted, without duplicates. */
  readonly endpoints: readonly string[];
}

const PROTOCOLS: ReadonlySet<string> = new Set<Protocol>(['TCP', 'UDP', 'SCTP']);

const validPort = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536;

export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** True when the service has a virtual IP to serve: not headless, not ExternalName. */
export function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None' && svc.spec?.type !== 'ExternalName';
}

/** The ready backends of one service port: the subsets' addresses at the endpoint port of the same name. */
export function endpointsFor(port: ServicePort, endpoints: Endpoints | undefined): string[] {
  const protocol = port.protocol ?? 'TCP';
  const out = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    for (const p of subset.ports ?? []) {
      if ((p.name ?? '') !== (port.name ?? '') || (p.protocol ?? 'TCP') !== protocol || !validPort(p.port))
        continue;
      for (const a of subset.addresses ?? []) if (a.ip) out.add(`${a.ip}:${p.port}`);
    }
  }
  return [...out].sort();
}

const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) =>
  `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;

function affinityOf(svc: Service): number | undefined {
  if (svc.spec?.sessionAffinity !== 'ClientIP') return undefined;
  const t = svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  return typeof t === 'number' && Number.isInteger(t) && t > 0 ? t : DEFAULT_AFFINITY_TIMEOUT_SECONDS;
}

/** Every served service port, sorted by name. Ports with an unknown protocol or a bad number are skipped. */
export function servicePorts(
  services: readonly Service[],
  endpoints: readonly Endpoints[],
): ServicePortInfo[] {
  const byKey = new Map(endpoints.map((e) => [keyOf(e), e]));
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const spec = svc.spec!;
    const key = keyOf(svc);
    const eps = byKey.get(key);
    const affinity = affinityOf(svc);
    const withNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    for (const port of spec.ports ?? []) {
      const protocol = port.protocol ?? 'TCP';
      if (!PROTOCOLS.has(protocol) || !validPort(port.port)) continue;
      out.push({
        name: servicePortName(svc.metadata?.namespace ?? 'default', svc.metadata?.name ?? '', port.name),
        id: `${key}:${port.name ?? ''}/${protocol}`,
        protocol: protocol as Protocol,
        clusterIP: spec.clusterIP!,
        port: port.port,
        ...(withNodePorts && validPort(port.nodePort) ? { nodePort: port.nodePort } : {}),
        ...(affinity !== undefined ? { affinityTimeoutSeconds: affinity } : {}),
        endpoints: endpointsFor(port, eps),
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
