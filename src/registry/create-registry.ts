// createRegistry: wires one GenericStore per kind (each with its strategy and watch cache), the
// subresources, the ClusterIP and NodePort allocators, the namespace cleaner and the bootstrap objects.
import { errors } from '../api/errors';
import type { KubeObject, ServiceSpec } from '../api/types';
import type { KeyValue, Store } from '../storage';
import { componentLogger, randomIds, realClock, type Clock, type IdSource } from '../util';
import { bootstrap } from './bootstrap';
import { decodeKeyValue } from './codec';
import type { StoreContext } from './context';
import { GenericStore } from './generic-store';
import { IpAllocator } from './ip-allocator';
import { DEFAULT_NODE_PORT_RANGE, PortAllocator } from './port-allocator';
import { objectKey } from './keys';
import { NamespaceCleaner } from './namespace-cleaner';
import type { Registry, ResourceStorage, SubresourceStorage } from './rest';
import type { Strategy } from './strategy';
import { endpointsStrategy } from './strategies/endpoints';
import { eventsStrategy } from './strategies/events';
import { namespacesStrategy } from './strategies/namespaces';
import { nodesStrategy } from './strategies/nodes';
import { podsStrategy } from './strategies/pods';
import { replicationControllersStrategy } from './strategies/replicationcontrollers';
import { servicesStrategy } from './strategies/services';
import { bindingSubresource } from './subresources/binding';
import { finalizeSubresource } from './subresources/finalize';
import { scaleSubresource } from './subresources/scale';
import { statusSubresource } from './subresources/status';
import { WatchCache } from './watch-cache';

export interface RegistryOptions {
  store: Store;
  clock?: Clock;
  ids?: IdSource;
  /** Service cluster IPs come from here (default 10.96.0.0/16). */
  serviceClusterIpRange?: string;
  /** Service node ports come from here, "FIRST-LAST" (default 30000-32767). */
  serviceNodePortRange?: string;
  /** Events each watch cache keeps for resuming watches (default 1000). */
  watchCacheWindow?: number;
  /** targetPort of the `kubernetes` service: the apiserver's secure port (default 6443). */
  apiserverPort?: number;
}

/** The Registry plus what tests and the apiserver's wiring may use. */
export interface K8tsRegistry extends Registry {
  readonly allocator: IpAllocator;
  readonly nodePorts: PortAllocator;
  /** Resolves when background work started so far (namespace clean-up) has settled. */
  idle(): Promise<void>;
}

/** Specs of the stored services: what a lost allocator bitmap is rebuilt from. */
async function serviceSpecs(store: Store): Promise<ServiceSpec[]> {
  const { items } = await store.list('/registry/services/');
  return items.map((kv) => ((JSON.parse(kv.value) as KubeObject).spec ?? {}) as ServiceSpec);
}

/** The store, reporting the revision of every write it acknowledges. */
function recordingWrites(store: Store, written: (revision: number) => void): Store {
  const note = (kv: KeyValue) => {
    written(kv.modRevision);
    return kv;
  };
  return {
    get: (key) => store.get(key),
    list: (prefix, o) => store.list(prefix, o),
    create: (key, value) => store.create(key, value).then(note),
    update: (key, value, expected) => store.update(key, value, expected).then(note),
    delete: (key, expected) => store.delete(key, expected).then(note),
    watch: (prefix, after, onEvent, onError) => store.watch(prefix, after, onEvent, onError),
    currentRevision: () => store.currentRevision(),
    compact: (revision) => store.compact(revision),
    close: () => store.close(),
  };
}

export async function createRegistry(options: RegistryOptions): Promise<K8tsRegistry> {
  const { store } = options;
  const clock = options.clock ?? realClock;
  const ids = options.ids ?? randomIds;
  const allocator = await IpAllocator.open(store, options.serviceClusterIpRange ?? '10.96.0.0/16', async () =>
    (await serviceSpecs(store)).map((s) => s.clusterIP ?? ''),
  );
  const nodePorts = await PortAllocator.open(
    store,
    options.serviceNodePortRange ?? DEFAULT_NODE_PORT_RANGE,
    async () => (await serviceSpecs(store)).flatMap((s) => (s.ports ?? []).map((p) => p?.nodePort ?? 0)),
  );
  const nsStrategy = namespacesStrategy();
  const caches = new Map<string, WatchCache>();
  const cacheOf = (strategy: Strategy) =>
    new WatchCache({ store, info: strategy.info, clock, windowSize: options.watchCacheWindow });
  const nsCache = cacheOf(nsStrategy);
  // Namespace writes made here: the namespaces cache answers only once it has caught up with them, so a
  // namespace deleted through this server is seen terminating at once (read-your-writes).
  let nsWritten = 0;
  const nsStore = recordingWrites(store, (revision) => (nsWritten = Math.max(nsWritten, revision)));
  const checkNamespace = async (namespace: string, resource: string, name: string) => {
    const key = objectKey(nsStrategy.info, undefined, namespace);
    // Every create checks its namespace: the cache answers the common case without a store read. A
    // namespace it does not know (created a moment ago) or sees terminating is read from the store.
    const cached = nsCache.revision >= nsWritten ? nsCache.get(key) : undefined;
    if (cached && !cached.metadata?.deletionTimestamp) return;
    const kv = await store.get(key);
    if (!kv) throw errors.notFound('namespaces', namespace);
    if (decodeKeyValue(nsStrategy.info, kv).metadata?.deletionTimestamp)
      throw errors.forbidden(
        `${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      );
  };
  const strategies: Strategy[] = [
    podsStrategy(),
    servicesStrategy(allocator, nodePorts),
    replicationControllersStrategy(),
    endpointsStrategy(),
    eventsStrategy(),
    nodesStrategy(),
    nsStrategy,
  ];
  const stores = new Map<string, GenericStore>();
  for (const strategy of strategies) {
    const cache = strategy === nsStrategy ? nsCache : cacheOf(strategy);
    caches.set(strategy.info.resource, cache);
    const c: StoreContext = {
      store: strategy === nsStrategy ? nsStore : store,
      clock,
      ids,
      strategy,
      cache,
      checkNamespace,
    };
    stores.set(strategy.info.resource, new GenericStore(c));
  }
  await Promise.all([...caches.values()].map((cache) => cache.start()));
  const get = (r: string) => stores.get(r)!;
  const subresources = new Map<string, SubresourceStorage>([
    ['pods/status', statusSubresource(get('pods'))],
    ['pods/binding', bindingSubresource(get('pods'), clock)],
    ['services/status', statusSubresource(get('services'))],
    ['replicationcontrollers/status', statusSubresource(get('replicationcontrollers'))],
    ['replicationcontrollers/scale', scaleSubresource(get('replicationcontrollers'))],
    ['nodes/status', statusSubresource(get('nodes'))],
    ['namespaces/status', statusSubresource(get('namespaces'))],
    ['namespaces/finalize', finalizeSubresource(get('namespaces'))],
  ]);
  await bootstrap(
    get('namespaces'),
    get('services'),
    allocator.firstAddress(),
    options.apiserverPort ?? 6443,
  );
  const cleaner = new NamespaceCleaner({
    namespaces: get('namespaces'),
    contents: [...stores.values()].filter((s) => s.info.namespaced),
    cache: get('namespaces').c.cache,
    clock,
    log: componentLogger('registry'),
  });
  cleaner.start();
  return {
    allocator,
    nodePorts,
    resource: (name): ResourceStorage | undefined => stores.get(name),
    subresource: (resource, sub) => subresources.get(`${resource}/${sub}`),
    idle: () => cleaner.idle(),
    async close() {
      cleaner.stop();
      for (const cache of caches.values()) cache.stop();
    },
  };
}
