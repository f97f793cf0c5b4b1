// The resource catalogue: every kind k8ts serves, with its REST name, scope and discovery facts.
// The apiserver builds discovery and routes from it; the client uses it to build paths.

export interface ResourceInfo {
  /** Plural, lower-case REST name: "pods". */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Discovery categories; "all" makes `kubectl get all` include it. */
  categories: string[];
  verbs: string[];
  subresources: string[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function info(
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[],
  categories: string[] = [],
  subresources: string[] = [],
): ResourceInfo {
  return {
    resource,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames,
    categories,
    verbs: RW,
    subresources,
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  info('pods', 'Pod', true, ['po'], ['all'], ['status', 'binding', 'log', 'exec', 'attach', 'portforward']),
  info('services', 'Service', true, ['svc'], ['all'], ['status', 'proxy']),
  info('replicationcontrollers', 'ReplicationController', true, ['rc'], ['all'], ['scale', 'status']),
  info('endpoints', 'Endpoints', true, ['ep']),
  info('events', 'Event', true, ['ev']),
  info('nodes', 'Node', false, ['no'], [], ['status']),
  info('namespaces', 'Namespace', false, ['ns'], [], ['status', 'finalize']),
];

const byResource = new Map(RESOURCES.map((r) => [r.resource, r]));
const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

export function resourceInfo(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}
