// The authorization policy: a small fixed table, not RBAC. system:masters may do everything; each control-plane
// user gets what its loops need; a node (system:node:<name> in system:nodes) reads everything but writes only
// its own Node, the status of pods bound to it, its mirror pods and events. Anyone may read health and version;
// any authenticated user may read discovery and OpenAPI. Pure: the decisions that depend on an object (a body
// or a stored pod) come back as a NodeCheck for ./node-restriction to finish. Outside the core group only the
// review kinds exist: any authenticated user may create them, since they tell the caller only about itself.
import type { Attributes, ResourceAttributes, Verb } from './attributes';
import { bootstrapAllows, CLUSTER_INFO_PATH, isBootstrapper } from './bootstrap';
import { isReviewResource } from './review-kinds';
import { GROUPS, nodeNameOf, USERS, type UserInfo } from './user';

/** What remains to be checked against an object before a node's request is allowed. */
export type NodeCheck =
  /** create nodes: the body must be the node's own Node. */
  | 'own-node'
  /** create pods: the body must be a mirror pod bound to the node. */
  | 'own-mirror-pod'
  /** pods/status writes, pod deletes: the stored pod must be bound to the node. */
  | 'pod-on-node';

export type Decision = { allowed: true; check?: NodeCheck } | { allowed: false };

const READ: readonly Verb[] = ['get', 'list', 'watch'];
const WRITE_EVENTS: readonly Verb[] = ['create', 'update', 'patch'];
const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', CLUSTER_INFO_PATH];
const DISCOVERY_PATHS = ['/api', '/apis', '/openapi'];
/** Subresources served by a kubelet: reading them is running code on a node, not reading the API. */
const PROXIED = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

const ALLOW: Decision = { allowed: true };
const DENY: Decision = { allowed: false };

const under = (path: string, roots: string[]) => roots.some((r) => path === r || path.startsWith(`${r}/`));

interface Rule {
  verbs: readonly Verb[];
  /** "pods", "pods/status", or "*" for every resource without a subresource. */
  resources: readonly string[];
  namespace?: string;
}

function matches(rule: Rule, a: ResourceAttributes): boolean {
  if (!rule.verbs.includes(a.verb)) return false;
  if (rule.namespace !== undefined && rule.namespace !== a.namespace) return false;
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return rule.resources.some((r) => r === full || (r === '*' && !a.subresource));
}

/** Each control-plane user's rules, from what its loops call (leader election locks are Endpoints). */
const COMPONENT_RULES: Record<string, readonly Rule[]> = {
  [USERS.scheduler]: [
    { verbs: READ, resources: ['*'] },
    { verbs: ['create'], resources: ['pods/binding', 'bindings'] },
    { verbs: ['update', 'patch'], resources: ['pods/status'] },
    { verbs: WRITE_EVENTS, resources: ['events'] },
    { verbs: ['get', 'create', 'update'], resources: ['endpoints'], namespace: 'kube-system' },
  ],
  // The controllers together touch every kind (the namespace controller deletes all of a namespace's
  // objects, the garbage collector any owned object), so the controller-manager writes everything the API
  // stores; it is never given the kubelet-proxied subresources.
  [USERS.controllerManager]: [
    {
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
      resources: [
        '*',
        'pods/status',
        'nodes/status',
        'replicationcontrollers/status',
        'replicationcontrollers/scale',
        'namespaces/status',
        'namespaces/finalize',
        'services/status',
        'pods/binding',
        'pods/eviction',
        'bindings',
      ],
    },
  ],
  [USERS.proxy]: [
    { verbs: READ, resources: ['services', 'endpoints', 'nodes', 'pods', 'namespaces'] },
    { verbs: WRITE_EVENTS, resources: ['events'] },
  ],
  [USERS.dns]: [
    { verbs: READ, resources: ['services', 'endpoints', 'nodes', 'pods', 'namespaces'] },
    { verbs: WRITE_EVENTS, resources: ['events'] },
  ],
};

/** A node's own requests (its name is `node`). */
function nodeDecision(node: string, a: ResourceAttributes): Decision {
  if (READ.includes(a.verb) && !(a.subresource && PROXIED.has(a.subresource))) return ALLOW;
  const sub = a.subresource ?? '';
  if (a.resource === 'events' && !sub && WRITE_EVENTS.includes(a.verb)) return ALLOW;
  if (a.resource === 'nodes' && (sub === '' || sub === 'status')) {
    if (a.verb === 'create' && !sub) return { allowed: true, check: 'own-node' };
    if ((a.verb === 'update' || a.verb === 'patch') && a.name === node) return ALLOW;
    return DENY;
  }
  if (a.resource === 'pods') {
    if (sub === 'status' && (a.verb === 'update' || a.verb === 'patch'))
      return { allowed: true, check: 'pod-on-node' };
    if (!sub && a.verb === 'create') return { allowed: true, check: 'own-mirror-pod' };
    if (!sub && a.verb === 'delete') return { allowed: true, check: 'pod-on-node' };
  }
  return DENY;
}

export function authorize(user: UserInfo, a: Attributes): Decision {
  if (user.groups.includes(GROUPS.masters)) return ALLOW;
  // A join token is good for joining only: not even discovery.
  if (isBootstrapper(user)) return bootstrapAllows(a) ? ALLOW : DENY;
  if (a.kind === 'nonResource') {
    const read = a.verb === 'get' || a.verb === 'head';
    if (read && under(a.path, PUBLIC_PATHS)) return ALLOW;
    if (read && user.groups.includes(GROUPS.authenticated) && under(a.path, DISCOVERY_PATHS)) return ALLOW;
    return DENY;
  }
  if (a.group) {
    const review = isReviewResource(a.group, a.resource) && a.verb === 'create' && !a.subresource;
    return review && user.groups.includes(GROUPS.authenticated) ? ALLOW : DENY;
  }
  const node = nodeNameOf(user);
  if (node !== undefined) return nodeDecision(node, a);
  const rules = COMPONENT_RULES[user.name] ?? [];
  return rules.some((r) => matches(r, a)) ? ALLOW : DENY;
}
