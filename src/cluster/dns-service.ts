// The kube-dns service of a local cluster: kube-system/kube-dns at the 10th address of the service range (the
// pods' nameserver, see the kubelet's --cluster-dns), ports dns 53/UDP and dns-tcp 53/TCP, and NO selector —
// the DNS server is a host process, not a pod, so `up` writes its Endpoints itself (the endpoints controller
// leaves a selector-less service's Endpoints alone). Idempotent: a second `up` fixes what differs.
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import { isNotFound } from '../api/errors';
import type { ClientInterface } from '../client';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_SERVICE = 'kube-dns';

/** As Kubernetes labels it: `kubectl cluster-info` lists cluster-service services under kubernetes.io/name. */
const LABELS = {
  'k8s-app': 'kube-dns',
  'kubernetes.io/cluster-service': 'true',
  'kubernetes.io/name': 'KubeDNS',
};

const PORTS = [
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
];

export function dnsService(clusterIp: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DNS_SERVICE, namespace: DNS_NAMESPACE, labels: LABELS },
    spec: { clusterIP: clusterIp, ports: PORTS.map((p) => ({ ...p, targetPort: 53 })) },
  };
}

export function dnsEndpoints(serverIp: string): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: DNS_SERVICE, namespace: DNS_NAMESPACE, labels: LABELS },
    subsets: [{ addresses: [{ ip: serverIp }], ports: PORTS }],
  };
}

/** Creates the service and its Endpoints, or brings existing ones to what they should be. A service of that
 * name with another cluster IP (which cannot change) is an error: the pods' nameserver would not answer. */
export async function ensureDnsService(
  client: ClientInterface,
  clusterIp: string,
  serverIp: string,
): Promise<void> {
  const want = dnsService(clusterIp);
  // Read first: a create of an existing service fails on its taken cluster IP before its taken name.
  const have = await client.get<Service>('services', DNS_NAMESPACE, DNS_SERVICE).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!have) await client.create('services', DNS_NAMESPACE, want);
  else {
    if (have.spec?.clusterIP !== clusterIp)
      throw new Error(
        `service ${DNS_NAMESPACE}/${DNS_SERVICE} has clusterIP ${have.spec?.clusterIP}, not ${clusterIp}; delete it and run \`k8ts up\` again`,
      );
    await client.update('services', DNS_NAMESPACE, {
      ...want,
      metadata: { ...want.metadata, resourceVersion: have.metadata?.resourceVersion },
    });
  }
  const endpoints = dnsEndpoints(serverIp);
  try {
    const have = await client.get<Endpoints>('endpoints', DNS_NAMESPACE, DNS_SERVICE);
    await client.update('endpoints', DNS_NAMESPACE, {
      ...endpoints,
      metadata: { ...endpoints.metadata, resourceVersion: have.metadata?.resourceVersion },
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create('endpoints', DNS_NAMESPACE, endpoints);
  }
}
