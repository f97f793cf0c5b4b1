// Builders of Services and Endpoints for this folder's tests: only the fields the proxier reads.
import type { Endpoints, Service, ServicePort } from '../../api/types';

export interface ServiceShape {
  clusterIP: string;
  ports: ServicePort[];
  type?: string;
  sessionAffinity?: string;
  affinitySeconds?: number;
  namespace?: string;
}

export function makeService(name: string, shape: ServiceShape): Service {
  return {
    metadata: { name, namespace: shape.namespace ?? 'default' },
    spec: {
      clusterIP: shape.clusterIP,
      ports: shape.ports,
      type: shape.type ?? 'ClusterIP',
      sessionAffinity: shape.sessionAffinity ?? 'None',
      ...(shape.affinitySeconds
        ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: shape.affinitySeconds } } }
        : {}),
    },
  };
}

/** One subset per port: `{ http: { port: 8080, ips: [...] } }`; `notReady` ips go to notReadyAddresses. */
export function makeEndpoints(
  name: string,
  ports: Record<string, { port: number; ips: string[]; notReady?: string[]; protocol?: string }>,
  namespace = 'default',
): Endpoints {
  return {
    metadata: { name, namespace },
    subsets: Object.entries(ports).map(([portName, p]) => ({
      addresses: p.ips.map((ip) => ({ ip })),
      ...(p.notReady ? { notReadyAddresses: p.notReady.map((ip) => ({ ip })) } : {}),
      ports: [{ ...(portName ? { name: portName } : {}), port: p.port, protocol: p.protocol ?? 'TCP' }],
    })),
  };
}
