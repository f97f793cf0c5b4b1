// Discovery documents in the legacy format kubectl reads (/api, /apis, /api/v1, /apis/<group>[/v1]), built
// from the resource catalogue in src/api/resources.ts and the review kinds of ./auth/review-kinds. Short names
// and the "all" category matter: kubectl hard-codes neither.
import type {
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  APIVersions,
} from 'kubernetes-types/meta/v1';
import { RESOURCES, type ResourceInfo } from '../api/resources';
import { REVIEW_GROUPS, REVIEW_KINDS, type ReviewKind } from './auth/review-kinds';

export function apiVersions(serverAddress: string): APIVersions {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function group(name: string): APIGroup {
  const version = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [version], preferredVersion: version };
}

const resourceOf = (k: ReviewKind): APIResource => ({
  name: k.resource,
  singularName: k.singular,
  namespaced: false,
  kind: k.kind,
  verbs: ['create'],
});

/** /apis: the review kinds' groups (the core group is /api's). */
export function apiGroupList(): APIGroupList {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: REVIEW_GROUPS.map(group) };
}

/** The document at `path` under /apis (/apis/<group> or /apis/<group>/v1), or undefined for any other path. */
export function groupDocument(path: string): APIGroup | APIResourceList | undefined {
  for (const name of REVIEW_GROUPS) {
    if (path === `/apis/${name}`) return { kind: 'APIGroup', apiVersion: 'v1', ...group(name) };
    if (path === `/apis/${name}/v1`)
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${name}/v1`,
        resources: REVIEW_KINDS.filter((k) => k.group === name).map(resourceOf),
      };
  }
  return undefined;
}

/** What each subresource answers with and which verbs it takes. Unknown ones default to the parent kind. */
const SUBRESOURCES: Record<
  string,
  { kind?: string | ((parent: string) => string); group?: string; version?: string; verbs: string[] }
> = {
  status: { verbs: ['get', 'patch', 'update'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  log: { verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  finalize: { verbs: ['update'] },
  proxy: { kind: (parent) => `${parent}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
};

function subresourceEntries(info: ResourceInfo): APIResource[] {
  return info.subresources.map((sub) => {
    const facts = SUBRESOURCES[sub] ?? { verbs: ['get'] };
    const entry: APIResource = {
      name: `${info.resource}/${sub}`,
      singularName: '',
      namespaced: info.namespaced,
      kind: typeof facts.kind === 'function' ? facts.kind(info.kind) : (facts.kind ?? info.kind),
      verbs: facts.verbs,
    };
    if (facts.group) entry.group = facts.group;
    if (facts.version) entry.version = facts.version;
    return entry;
  });
}

export function apiResourceList(): APIResourceList {
  const resources: APIResource[] = [];
  for (const info of RESOURCES) {
    const entry: APIResource = {
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: [...info.verbs],
    };
    if (info.shortNames.length) entry.shortNames = [...info.shortNames];
    if (info.categories.length) entry.categories = [...info.categories];
    resources.push(entry, ...subresourceEntries(info));
  }
  resources.push({
    name: 'componentstatuses',
    singularName: 'componentstatus',
    namespaced: false,
    kind: 'ComponentStatus',
    verbs: ['get', 'list'],
    shortNames: ['cs'],
  });
  resources.push({
    name: 'bindings',
    singularName: 'binding',
    namespaced: true,
    kind: 'Binding',
    verbs: ['create'],
  });
  return { kind: 'APIResourceList', groupVersion: 'v1', resources };
}
