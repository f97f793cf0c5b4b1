// endpointsFor: the Endpoints a service should have (k8s endpoints controller syncService). The pods its
// selector picks in its namespace that have an IP, are not terminal and are not being deleted; ready ones
// as addresses, the rest as notReadyAddresses (all as addresses with publishNotReadyAddresses). Each
// service port becomes an endpoint port per pod — a named targetPort resolved in that pod, pods lacking
// the name left out of that port only. A service without selector is not managed: its Endpoints belong
// to the user, so the answer is undefined and the controller must leave them alone.
import { isDeepStrictEqual } from 'node:util';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service } from '../../api/types';
import { selectorFromSet } from '../../labels';
import { isPodReady, isPodTerminal } from '../pod-util';
import { findPort } from './find-port';
import { repackSubsets } from './repack';

export function endpointsFor(service: Service, pods: readonly Pod[]): EndpointSubset[] | undefined {
  const selectorSet = service.spec?.selector;
  if (!selectorSet) return undefined;
  const selector = selectorFromSet(selectorSet);
  const ns = service.metadata?.namespace;
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (pod.metadata?.namespace !== ns || !selector.matches(pod.metadata?.labels)) continue;
    if (!pod.status?.podIP || isPodTerminal(pod) || pod.metadata?.deletionTimestamp) continue;
    const address = addressOf(service, pod);
    const ready = publishNotReady || isPodReady(pod);
    const put = (ports: EndpointPort[] | undefined) =>
      subsets.push(ready ? { addresses: [address], ports } : { notReadyAddresses: [address], ports });
    const svcPorts = service.spec?.ports ?? [];
    if (svcPorts.length === 0) {
      // Only a headless service may have no ports; its endpoints are the addresses alone (DNS records).
      if (service.spec?.clusterIP === 'None') put(undefined);
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      put([ep]);
    }
  }
  return repackSubsets(subsets);
}

function addressOf(service: Service, pod: Pod): EndpointAddress {
  const m = pod.metadata!;
  const a: EndpointAddress = {
    ip: pod.status!.podIP!,
    targetRef: { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid },
  };
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  // A pod's own DNS name under a headless service (k8s: hostname and subdomain = service name).
  if (pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name) a.hostname = pod.spec.hostname;
  return a;
}

/** True when the stored subsets already say what `subsets` says (labels are compared by the caller). */
export function endpointsEqual(current: Endpoints | undefined, subsets: readonly EndpointSubset[]): boolean {
  return isDeepStrictEqual(repackSubsets(current?.subsets ?? []), repackSubsets(subsets));
}

/**
 * The Endpoints object to write for service: same name and namespace, the service's labels (plus
 * service.kubernetes.io/headless for headless ones), and the existing object's resourceVersion so the
 * update is conditional.
 */
export function endpointsObject(
  service: Service,
  subsets: EndpointSubset[],
  existing?: Endpoints,
): Endpoints {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  if (service.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  const rv = existing?.metadata?.resourceVersion;
  const metadata: Endpoints['metadata'] = {
    name: service.metadata?.name,
    namespace: service.metadata?.namespace,
    ...(Object.keys(labels).length && { labels }),
    ...(rv && { resourceVersion: rv }),
  };
  return { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets };
}
