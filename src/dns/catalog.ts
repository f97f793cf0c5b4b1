// ServiceCatalog: what the resolver may ask of the cluster, answered from the informer caches of services and
// endpoints. Reads only; every call sees the caches as they are now, so an answer is never older than the watch.
import type { Endpoints, Service } from '../api/types';
import { Indexer, namespaceIndexFunc } from '../client';

export interface ServiceCatalog {
  service(namespace: string, name: string): Service | undefined;
  /** The Endpoints object named like the service (kept by the endpoints controller). */
  endpoints(namespace: string, name: string): Endpoints | undefined;
  /** True while at least one service exists in namespace: then `<ns>.svc.<domain>` exists (RFC 8020). */
  hasNamespace(namespace: string): boolean;
  serviceByClusterIP(ip: string): Service | undefined;
}

// Our own index names, so the catalog works over any Indexer, an informer's or a test's.
const CLUSTER_IP_INDEX = 'dns.clusterIP';
const NAMESPACE_INDEX = 'dns.namespace';

/** Cluster IPs proper: headless ("None") and not-yet-allocated ("") services have none to reverse-map. */
function clusterIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

/** A catalog over two informer caches (SharedInformer.indexer). Adds two indexes to the services cache. */
export class IndexerCatalog implements ServiceCatalog {
  constructor(
    private readonly services: Indexer<Service>,
    private readonly endpointsCache: Indexer<Endpoints>,
  ) {
    services.addIndexers({ [CLUSTER_IP_INDEX]: clusterIPs, [NAMESPACE_INDEX]: namespaceIndexFunc });
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  endpoints(namespace: string, name: string): Endpoints | undefined {
    return this.endpointsCache.get(`${namespace}/${name}`);
  }

  hasNamespace(namespace: string): boolean {
    return this.services.indexKeys(NAMESPACE_INDEX, namespace).length > 0;
  }

  serviceByClusterIP(ip: string): Service | undefined {
    return this.services.byIndex(CLUSTER_IP_INDEX, ip)[0];
  }
}
