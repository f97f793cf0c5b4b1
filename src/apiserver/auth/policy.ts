// The authorization policy: a small fixed table of grants in the shape of RBAC's PolicyRules, not RBAC itself.
// system:masters may do everything; each control-plane user gets what its loops need; a node
// (system:node:<name> in system:nodes) reads everything but writes only its own Node, the status of pods bound
// to it, its mirror pods and events. Anyone may read health and version; any authenticated user may read
// discovery and OpenAPI and ask the review kinds about itself; a join token may only join. The same rules
// decide requests (authorize) and are what `kubectl auth can-i --list` shows (rulesOf), so the list cannot
// tell a different story from the decisions. Pure: a grant that depends on an object (a body or a stored pod)
// carries a NodeCheck for ./node-restriction to finish.
import { RESOURCES } from '../../api/resources';
import type { Attributes, NonResourceAttributes, ResourceAttributes } from './attributes';
import { CLUSTER_INFO_PATH, isBootstrapper, NODE_CREDENTIALS_PATH } from './bootstrap';
import { REVIEW_GROUPS, REVIEW_KINDS } from './review-kinds';
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

/** A grant on resources, matched as RBAC matches a PolicyRule ("*" is every verb, group or resource). */
export interface ResourceRule {
  verbs: readonly string[];
  /** Absent: the core group (""). */
  apiGroups?: readonly string[];
  // "pods", "pods/status", "*" (every resource, subresources too), or "*" + "/status" (that subresource of
  // every resource), as RBAC spells them.
  resources: readonly string[];
  /** Only objects with these names (never a request without a name: create, list, watch). */
  resourceNames?: readonly string[];
  /** Only in this namespace. */
  namespace?: string;
  check?: NodeCheck;
}

/** A grant on paths outside the API: exact, or a prefix when it ends in "*"; verbs are lower-case methods. */
export interface PathRule {
  verbs: readonly string[];
  paths: readonly string[];
}

export interface Rules {
  resources: readonly ResourceRule[];
  paths: readonly PathRule[];
}

const READ = ['get', 'list', 'watch'];
const WRITE_EVENTS = ['create', 'update', 'patch'];
/** Every resource the API stores, without subresources: kubelet-proxied ones (log, exec, ...) are never implied. */
const ALL = RESOURCES.map((r) => r.resource);
/** "/healthz" and everything under it. */
const tree = (...roots: string[]) => roots.flatMap((r) => [r, `${r}/*`]);

const EVERYTHING: Rules = {
  resources: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  paths: [{ verbs: ['*'], paths: ['*'] }],
};

/** A join token is good for joining only: not even health or discovery. */
const BOOTSTRAP: Rules = {
  resources: [],
  paths: [
    { verbs: ['get'], paths: [CLUSTER_INFO_PATH] },
    { verbs: ['post'], paths: [NODE_CREDENTIALS_PATH] },
  ],
};

const PUBLIC: PathRule = {
  verbs: ['get'],
  paths: tree('/healthz', '/livez', '/readyz', '/version', CLUSTER_INFO_PATH),
};
const DISCOVERY: PathRule = { verbs: ['get'], paths: tree('/api', '/apis', '/openapi') };

/** The review kinds tell callers only about themselves, so any authenticated user may create them. */
const REVIEWS: readonly ResourceRule[] = REVIEW_GROUPS.map((group) => ({
  verbs: ['create'],
  apiGroups: [group],
  resources: REVIEW_KINDS.filter((k) => k.group === group).map((k) => k.resource),
}));

/** Each control-plane user's grants, from what its loops call (leader election locks are Endpoints). */
const COMPONENT_RULES: Record<string, readonly ResourceRule[]> = {
  [USERS.scheduler]: [
    { verbs: READ, resources: ALL },
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
        ...ALL,
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

/** A node's grants: Kubernetes' system:node role, with NodeRestriction's object checks attached. */
function nodeRules(node: string): readonly ResourceRule[] {
  return [
    // Reading a log or opening an exec is running code on a node, not reading the API: never implied.
    { verbs: READ, resources: [...ALL, '*/status', '*/scale'] },
    { verbs: WRITE_EVENTS, resources: ['events'] },
    { verbs: ['create'], resources: ['nodes'], check: 'own-node' },
    { verbs: ['update', 'patch'], resources: ['nodes', 'nodes/status'], resourceNames: [node] },
    { verbs: ['update', 'patch'], resources: ['pods/status'], check: 'pod-on-node' },
    { verbs: ['create'], resources: ['pods'], check: 'own-mirror-pod' },
    { verbs: ['delete'], resources: ['pods'], check: 'pod-on-node' },
  ];
}

/** Rules by user name and sign-in, made once rather than on every request (names come only from credentials). */
const memo = new Map<string, Rules>();
const MEMO_LIMIT = 10_000;

/** Everything `user` may do, in any namespace (rules with a namespace apply only there). */
export function rulesOf(user: UserInfo): Rules {
  if (user.groups.includes(GROUPS.masters)) return EVERYTHING;
  if (isBootstrapper(user)) return BOOTSTRAP;
  const signedIn = user.groups.includes(GROUPS.authenticated);
  const node = nodeNameOf(user);
  const key = `${signedIn ? '+' : '-'}${node === undefined ? 'user' : 'node'}:${user.name}`;
  let rules = memo.get(key);
  if (!rules) {
    const own = node !== undefined ? nodeRules(node) : (COMPONENT_RULES[user.name] ?? []);
    rules = signedIn
      ? { resources: [...REVIEWS, ...own], paths: [PUBLIC, DISCOVERY] }
      : { resources: own, paths: [PUBLIC] };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, rules);
  }
  return rules;
}

const has = (list: readonly string[], value: string) => list.includes('*') || list.includes(value);

function resourceMatches(rules: readonly string[], a: ResourceAttributes): boolean {
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return rules.some(
    (r) => r === '*' || r === full || (a.subresource !== undefined && r === `*/${a.subresource}`),
  );
}

function ruleMatches(rule: ResourceRule, a: ResourceAttributes): boolean {
  return (
    has(rule.verbs, a.verb) &&
    has(rule.apiGroups ?? [''], a.group ?? '') &&
    resourceMatches(rule.resources, a) &&
    (rule.namespace === undefined || rule.namespace === a.namespace) &&
    (rule.resourceNames === undefined || (a.name !== undefined && rule.resourceNames.includes(a.name)))
  );
}

function pathMatches(rule: PathRule, a: NonResourceAttributes): boolean {
  // HEAD is a GET without the body: whoever may get a path may ask for its headers.
  return (
    has(rule.verbs, a.verb === 'head' ? 'get' : a.verb) &&
    rule.paths.some((p) => p === a.path || (p.endsWith('*') && a.path.startsWith(p.slice(0, -1))))
  );
}

export function authorize(user: UserInfo, a: Attributes): Decision {
  const rules = rulesOf(user);
  if (a.kind === 'nonResource') return { allowed: rules.paths.some((r) => pathMatches(r, a)) };
  let checked: Decision | undefined;
  for (const rule of rules.resources) {
    if (!ruleMatches(rule, a)) continue;
    if (!rule.check) return { allowed: true };
    checked ??= { allowed: true, check: rule.check };
  }
  return checked ?? { allowed: false };
}
