// EndpointsController: the endpoints controller's loop (STYLE.md rule 6, k8s endpoint.Controller).
// Handlers only enqueue service keys — a service's own changes, and for a pod every service whose
// selector picks it before or after the change. sync(key) reads the service and its namespace's pods from
// the caches, computes the Endpoints with endpointsFor and writes only when the stored object differs.
// A deleted service takes its Endpoints with it; a service without selector is left alone. Leader
// election locks (Endpoints with the leader annotation and no service) are never touched.
import { isAlreadyExists, isNotFound } from '../../api/errors';
import type { Endpoints, Pod, Service } from '../../api/types';
import {
  NAMESPACE_INDEX,
  WorkQueue,
  deletedObject,
  runWorkers,
  splitKey,
  type ClientInterface,
  type EventHandler,
  type Indexer,
} from '../../client';
import { LEADER_ANNOTATION } from '../../client/leaderelection';
import { selectorFromSet, type Selector } from '../../labels';
import type { Logger } from '../../util';
import type { RunControllerOptions } from '../run-options';
import { objectKey } from '../pod-util';
import { endpointsEqual, endpointsFor, endpointsObject } from './endpoints-for';

export interface EndpointsControllerDeps {
  client: ClientInterface;
  services: Indexer<Service>;
  pods: Indexer<Pod>;
  endpoints: Indexer<Endpoints>;
  log?: Logger;
}

const sameLabels = (a: Record<string, string> = {}, b: Record<string, string> = {}) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

const isLeaderLock = (ep: Endpoints | undefined) => !!ep?.metadata?.annotations?.[LEADER_ANNOTATION];

export class EndpointsController {
  constructor(readonly deps: EndpointsControllerDeps) {}

  /** Level-triggered: safe for any key at any time. */
  async sync(key: string): Promise<void> {
    const { client, services, pods, endpoints } = this.deps;
    const { namespace, name } = splitKey(key);
    const service = services.get(key);
    const current = endpoints.get(key);
    if (!service) {
      if (!current || isLeaderLock(current)) return;
      await client
        .delete('endpoints', namespace, name, { preconditions: { uid: current.metadata?.uid } })
        .catch((e: unknown) => {
          if (!isNotFound(e)) throw e;
        });
      return;
    }
    const subsets = endpointsFor(service, pods.byIndex(NAMESPACE_INDEX, namespace ?? ''));
    if (subsets === undefined) return;
    const desired = endpointsObject(service, subsets, current);
    if (
      current &&
      endpointsEqual(current, subsets) &&
      sameLabels(current.metadata?.labels, desired.metadata?.labels)
    )
      return;
    if (!current) {
      // The informer may not have seen an object someone else created: fail, and retry once it has.
      await client.create('endpoints', namespace, desired).catch((e: unknown) => {
        throw isAlreadyExists(e) ? new Error(`endpoints ${key} exist but are not cached yet`) : e;
      });
      return;
    }
    // Annotations on the Endpoints are kept (others may have set them); the rest is ours.
    const annotations = current.metadata?.annotations;
    await client.update('endpoints', namespace, {
      ...desired,
      metadata: { ...desired.metadata, ...(annotations && { annotations: { ...annotations } }) },
    });
  }
}

/**
 * Each cached service's selector, parsed once: every pod event is matched against every service of its
 * namespace (100 services × 20,000 pods at a relist), and parsing dominated the controller-manager's profile.
 * Keyed by the frozen selector object of the cached service, so an updated service gets a new entry.
 */
const parsedSelectors = new WeakMap<object, Selector>();

function serviceSelector(selector: Record<string, string>): Selector {
  let parsed = parsedSelectors.get(selector);
  if (!parsed) parsedSelectors.set(selector, (parsed = selectorFromSet(selector)));
  return parsed;
}

/** Keys of the services in pod's namespace whose selector picks pod. */
function servicesSelecting(services: Indexer<Service>, pod: Pod): string[] {
  return services
    .byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '')
    .filter((s) => s.spec?.selector && serviceSelector(s.spec.selector).matches(pod.metadata?.labels))
    .map(objectKey);
}

export function endpointsHandlers(
  services: Indexer<Service>,
  queue: WorkQueue<string>,
): { service: EventHandler<Service>; pod: EventHandler<Pod>; endpoints: EventHandler<Endpoints> } {
  const enqueue = (keys: string[]) => keys.forEach((k) => queue.add(k));
  return {
    service: {
      onAdd: (s) => queue.add(objectKey(s)),
      onUpdate: (_old, s) => queue.add(objectKey(s)),
      onDelete: (s) => queue.add(objectKey(deletedObject(s))),
    },
    pod: {
      onAdd: (p) => enqueue(servicesSelecting(services, p)),
      onUpdate: (old, p) => {
        if (old.metadata?.resourceVersion === p.metadata?.resourceVersion) return;
        enqueue([...new Set([...servicesSelecting(services, old), ...servicesSelecting(services, p)])]);
      },
      onDelete: (p) => enqueue(servicesSelecting(services, deletedObject(p))),
    },
    // Someone deleted or edited what we manage: put it back (sync ignores keys without a service).
    endpoints: {
      onUpdate: (_old, ep) => {
        if (services.get(objectKey(ep))) queue.add(objectKey(ep));
      },
      onDelete: (ep) => {
        const key = objectKey(deletedObject(ep));
        if (services.get(key)) queue.add(key);
      },
    },
  };
}

export async function runEndpointsController(o: RunControllerOptions): Promise<void> {
  const services = o.factory.informerFor<Service>('services');
  const pods = o.factory.informerFor<Pod>('pods');
  const endpoints = o.factory.informerFor<Endpoints>('endpoints');
  const queue = new WorkQueue<string>({ clock: o.clock, name: 'endpoint', metrics: o.metrics });
  const h = endpointsHandlers(services.indexer, queue);
  services.addEventHandler(h.service);
  pods.addEventHandler(h.pod);
  endpoints.addEventHandler(h.endpoints);
  if (o.signal.aborted) return;
  o.signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  o.factory.start();
  if (!(await o.factory.waitForCacheSync(o.signal))) return;
  // Endpoints left behind by services deleted while no controller ran (k8s checkLeftoverEndpoints).
  for (const ep of endpoints.indexer.list())
    if (!services.indexer.get(objectKey(ep)) && !isLeaderLock(ep)) queue.add(objectKey(ep));
  const controller = new EndpointsController({
    client: o.client,
    services: services.indexer,
    pods: pods.indexer,
    endpoints: endpoints.indexer,
    log: o.log,
  });
  await runWorkers(queue, o.workers ?? 5, (key) => controller.sync(key), o.log);
}
