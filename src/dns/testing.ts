// Fixtures shared by the dns tests: services and endpoints as the apiserver and the endpoints controller
// would store them, and a catalog over plain indexers (what the informers fill in a running server).
import type { Endpoints, EndpointSubset, Service, ServicePort } from '../api/types';
import { Indexer } from '../client';
import { IndexerCatalog } from './catalog';

export function service(
  namespace: string,
  name: string,
  clusterIP: string,
  ports: ServicePort[] = [],
  spec: Service['spec'] = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace, name },
    spec: { clusterIP, ports, ...spec },
  };
}

export function endpoints(namespace: string, name: string, subsets: EndpointSubset[]): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace, name }, subsets };
}

export function catalogOf(services: Service[], eps: Endpoints[] = []): IndexerCatalog {
  const svcCache = new Indexer<Service>();
  const epCache = new Indexer<Endpoints>();
  for (const s of services) svcCache.upsert(structuredClone(s));
  for (const e of eps) epCache.upsert(structuredClone(e));
  return new IndexerCatalog(svcCache, epCache);
}
