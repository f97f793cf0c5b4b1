// The fields each resource exposes to field selectors, and their values for one object: what
// Kubernetes' per-kind ToSelectableFields / field label conversion functions define. Every kind has
// metadata.name; namespaced kinds also metadata.namespace. A selector naming any other field is refused
// with Kubernetes' wording ("field label not supported: foo") before anything is listed or watched.
import type { Event, Namespace, Node, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { resourceInfo } from '../resources';
import type { KubeObject } from '../types';
import type { FieldSelector, Fields } from './selector';

type Extractor = (obj: KubeObject) => Record<string, string>;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function podFields(obj: KubeObject): Record<string, string> {
  const pod = obj as Pod;
  return {
    'spec.nodeName': str(pod.spec?.nodeName),
    'spec.restartPolicy': str(pod.spec?.restartPolicy),
    'spec.schedulerName': str(pod.spec?.schedulerName),
    'spec.serviceAccountName': str(pod.spec?.serviceAccountName),
    'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
    'status.phase': str(pod.status?.phase),
    // Kubernetes reads the first of podIPs; status.podIP is the same address on single-stack clusters.
    'status.podIP': str(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP),
    'status.nominatedNodeName': str(pod.status?.nominatedNodeName),
  };
}

function eventFields(obj: KubeObject): Record<string, string> {
  const ev = obj as unknown as Event;
  const io = ev.involvedObject ?? {};
  return {
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(ev.reason),
    // Events written through events.k8s.io carry reportingComponent instead of source.component.
    source: str(ev.source?.component || ev.reportingComponent),
    type: str(ev.type),
    reportingComponent: str(ev.reportingComponent),
  };
}

const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  pods: podFields,
  events: eventFields,
  nodes: (obj) => ({ 'spec.unschedulable': String((obj as Node).spec?.unschedulable ?? false) }),
  namespaces: (obj) => ({ 'status.phase': str((obj as Namespace).status?.phase) }),
  replicationcontrollers: (obj) => ({
    'status.replicas': String((obj as ReplicationController).status?.replicas ?? 0),
  }),
  services: (obj) => ({
    'spec.clusterIP': str((obj as Service).spec?.clusterIP),
    'spec.type': str((obj as Service).spec?.type),
  }),
};

/** Resources not in the catalogue are treated as namespaced, as Kubernetes' default conversion does. */
const isNamespaced = (resource: string): boolean => resourceInfo(resource)?.namespaced ?? true;

function metaFields(resource: string, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (isNamespaced(resource)) fields['metadata.namespace'] = str(obj.metadata?.namespace);
  return fields;
}

/** The selectable field set of obj, a member of resource (plural REST name: "pods"). */
export function fieldsOf(resource: string, obj: KubeObject): Fields {
  return { ...(EXTRACTORS[resource]?.(obj) ?? {}), ...metaFields(resource, obj) };
}

const EMPTY: KubeObject = {};

/** Field names a selector on resource may use, sorted. */
export function supportedFields(resource: string): string[] {
  return Object.keys(fieldsOf(resource, EMPTY)).sort();
}

/** One message per field the selector names that resource does not have; [] when all are supported. */
export function unsupportedFieldErrors(resource: string, selector: FieldSelector): string[] {
  const supported = new Set(supportedFields(resource));
  const unknown = new Set(
    selector
      .requirements()
      .map((r) => r.field)
      .filter((f) => !supported.has(f)),
  );
  return [...unknown].map((f) => `field label not supported: ${f}`);
}
