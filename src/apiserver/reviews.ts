// Reviews: the create-only kinds that tell callers about themselves. A SelfSubjectAccessReview (`kubectl auth
// can-i`) is answered by ./auth/policy for the requesting user, a SelfSubjectRulesReview (`can-i --list`)
// with the policy's rules for that user in the namespace asked about, and a SelfSubjectReview (`kubectl auth
// whoami`) with the user as authentication found it. Nothing is stored: the object comes back (201) with its status.
// On the insecure port the caller is system:unsecured, who may do everything, as for any request there.
import type {
  NonResourceAttributes as SpecNonResource,
  ResourceAttributes as SpecResource,
  SelfSubjectAccessReview,
  NonResourceRule,
  ResourceRule as TypesResourceRule,
  SelfSubjectRulesReview as TypesRulesReview,
  SubjectAccessReviewStatus,
} from 'kubernetes-types/authorization/v1';
import type { SelfSubjectReview } from 'kubernetes-types/authentication/v1';
import { errors, fieldErrors, type FieldError } from '../api/errors';
import type { Attributes, Verb } from './auth/attributes';
import { authorize, rulesOf, type NodeCheck } from './auth/policy';
import { ACCESS_REVIEW, REVIEW_KINDS, RULES_REVIEW, SELF_REVIEW, type ReviewKind } from './auth/review-kinds';
import { GROUPS, nodeNameOf, UNSECURED, type UserInfo } from './auth/user';
import { readObject, type Call } from './call';
import { sendJson } from './respond';

type Body = Record<string, unknown>;

const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks kind, apiVersion and metadata as every create does (both may be left out); returns a copy. */
function decodeReview(k: ReviewKind, body: Body): Body {
  const apiVersion = `${k.group}/${k.version}`;
  const cannot = `${String(body.kind ?? k.kind)} in version "${String(body.apiVersion ?? apiVersion)}" cannot be handled as a ${k.kind}`;
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion)
    throw errors.badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  if (body.kind !== undefined && body.kind !== k.kind)
    throw errors.badRequest(
      `${cannot}: the kind in the data (${String(body.kind)}) does not match the expected kind (${k.kind})`,
    );
  if (body.metadata !== undefined && !isObject(body.metadata))
    throw errors.badRequest(`${cannot}: metadata must be an object`);
  return { ...body, apiVersion, kind: k.kind, metadata: body.metadata ?? {} };
}

/** A 400 for a spec that is not the shape the kind declares (where Kubernetes' decoder would fail). */
const undecodable = (k: ReviewKind, why: string) =>
  errors.badRequest(`${k.kind} in version "${k.group}/v1" cannot be handled as a ${k.kind}: ${why}`);

/** Fields of both attribute sets that are strings in the API (the selectors of 1.31 are not read). */
const STRING_FIELDS = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name', 'path'];

/** The attribute set at spec.<field>, or undefined when absent; 400 when it or a string field is mistyped. */
function attributeSet(spec: Body, field: string): Record<string, string> | undefined {
  const value = spec[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw undecodable(ACCESS_REVIEW, `spec.${field} must be an object`);
  for (const k of STRING_FIELDS)
    if (value[k] !== undefined && typeof value[k] !== 'string')
      throw undecodable(ACCESS_REVIEW, `spec.${field}.${k} must be a string`);
  return value as Record<string, string>;
}

/** Exactly one of the attribute sets, as Kubernetes' ValidateSelfSubjectAccessReviewSpec. */
function validateSpec(resource: unknown, nonResource: unknown): FieldError[] {
  if (resource && nonResource)
    return [
      fieldErrors.invalid(
        'spec.nonResourceAttributes',
        nonResource,
        'cannot be specified in combination with resourceAttributes',
      ),
    ];
  if (!resource && !nonResource)
    return [
      fieldErrors.required(
        'spec.resourceAttributes',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ];
  return [];
}

const CHECK_REASONS: Record<NodeCheck, (node: string) => string> = {
  'own-node': (n) =>
    `node "${n}" may create only its own Node (checked against the object by NodeRestriction)`,
  'own-mirror-pod': (n) =>
    `node "${n}" may create only mirror pods bound to itself (checked against the object by NodeRestriction)`,
  'pod-on-node': (n) =>
    `node "${n}" may do this only to pods bound to itself (checked against the pod by NodeRestriction)`,
};

/** The policy's answer for resource attributes as the review spec words them. */
function decideResource(user: UserInfo, r: SpecResource): SubjectAccessReviewStatus {
  let group = r.group ?? '';
  // kubectl sends a name it could not resolve as it was typed ("widgets.example.com") with no group: core
  // resource names have no dots, so the part after the first one is the group the user meant.
  const dot = (r.resource ?? '').indexOf('.');
  if (!group && dot > 0) group = r.resource!.slice(dot + 1);
  // "*" is every group; the core group is the only one with resources a review could be about.
  if (group !== '' && group !== '*' && !REVIEW_KINDS.some((k) => k.group === group))
    return { allowed: false, reason: `no such resource group in k8ts: "${group}"` };
  const everything = r.verb === '*' || r.resource === '*';
  if (everything && !user.groups.includes(GROUPS.masters))
    return { allowed: false, reason: 'only system:masters may do every verb or touch every resource' };
  const attrs: Attributes = {
    kind: 'resource',
    // Any string: the policy compares verbs, so one it does not know ("escalate") is simply never allowed.
    verb: (r.verb ?? '') as Verb,
    resource: r.resource ?? '',
  };
  if (group !== '' && group !== '*') attrs.group = group;
  if (r.subresource) attrs.subresource = r.subresource;
  if (r.namespace) attrs.namespace = r.namespace;
  if (r.name) attrs.name = r.name;
  const decision = authorize(user, attrs);
  if (!decision.allowed) return { allowed: false };
  const node = nodeNameOf(user);
  if (decision.check && node !== undefined)
    return { allowed: true, reason: CHECK_REASONS[decision.check](node) };
  return { allowed: true };
}

function decideNonResource(user: UserInfo, n: SpecNonResource): SubjectAccessReviewStatus {
  const allowed = authorize(user, { kind: 'nonResource', verb: n.verb ?? '', path: n.path ?? '' }).allowed;
  return { allowed };
}

/** A SelfSubjectAccessReview body in, the same with status out; 400 for a malformed body, 422 for a bad spec. */
export function accessReview(user: UserInfo, body: Body): SelfSubjectAccessReview {
  const review = decodeReview(ACCESS_REVIEW, body);
  const spec = review.spec ?? {};
  if (!isObject(spec)) throw undecodable(ACCESS_REVIEW, 'spec must be an object');
  const resource = attributeSet(spec, 'resourceAttributes');
  const nonResource = attributeSet(spec, 'nonResourceAttributes');
  const invalid = validateSpec(resource, nonResource);
  if (invalid.length) throw errors.invalid(`${ACCESS_REVIEW.kind}.${ACCESS_REVIEW.group}`, '', invalid);
  const status = resource ? decideResource(user, resource) : decideNonResource(user, nonResource!);
  return { ...(review as unknown as SelfSubjectAccessReview), status };
}

// kubernetes-types 1.30 lost ResourceRule's verbs and resources: their doc comment mentions "*" + "/foo",
// which ends the comment early. These restore them.
type ResourceRule = TypesResourceRule & { verbs: string[]; resources?: string[] };
interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}
export type SelfSubjectRulesReview = Omit<TypesRulesReview, 'status'> & { status?: SubjectRulesReviewStatus };

/** The caller's rules that apply in `namespace`, as RBAC's PolicyRules (what `kubectl auth can-i --list` prints). */
function rulesIn(user: UserInfo, namespace: string): SubjectRulesReviewStatus {
  const rules = rulesOf(user);
  return {
    resourceRules: rules.resources
      .filter((r) => r.namespace === undefined || r.namespace === namespace)
      .map((r) => ({
        verbs: [...r.verbs],
        apiGroups: [...(r.apiGroups ?? [''])],
        resources: [...r.resources],
        ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
      })),
    nonResourceRules: rules.paths.map((r) => ({ verbs: [...r.verbs], nonResourceURLs: [...r.paths] })),
    incomplete: false,
  };
}

/** A SelfSubjectRulesReview body in, the same with the caller's rules in spec.namespace out; 400 without one. */
export function rulesReview(user: UserInfo, body: Body): SelfSubjectRulesReview {
  const review = decodeReview(RULES_REVIEW, body);
  const spec = review.spec ?? {};
  if (!isObject(spec)) throw undecodable(RULES_REVIEW, 'spec must be an object');
  if (spec.namespace !== undefined && typeof spec.namespace !== 'string')
    throw undecodable(RULES_REVIEW, 'spec.namespace must be a string');
  // As Kubernetes: the rules of one namespace are asked for, never of "all namespaces".
  if (!spec.namespace) throw errors.badRequest('no namespace on request');
  return { ...(review as unknown as TypesRulesReview), status: rulesIn(user, spec.namespace) };
}

/** A SelfSubjectReview body in, the same with status.userInfo (the caller) out. */
export function selfReview(user: UserInfo, body: Body): SelfSubjectReview {
  const review = decodeReview(SELF_REVIEW, body);
  const userInfo = { username: user.name, groups: [...user.groups], ...(user.uid ? { uid: user.uid } : {}) };
  return { ...(review as unknown as SelfSubjectReview), status: { userInfo } };
}

const ANSWER: Record<string, (user: UserInfo, body: Body) => object> = {
  [ACCESS_REVIEW.resource]: accessReview,
  [RULES_REVIEW.resource]: rulesReview,
  [SELF_REVIEW.resource]: selfReview,
};

/** POST to a review collection: 201 with the answered review; 405 for any other method. */
export async function serveReview(call: Call, k: ReviewKind, path: string): Promise<void> {
  const method = call.req.method ?? 'GET';
  if (method !== 'POST') throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
  const body = await readObject(call);
  const user = call.user ?? UNSECURED;
  sendJson(call.res, 201, ANSWER[k.resource]!(user, body));
}
