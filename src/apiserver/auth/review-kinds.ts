// The review kinds k8ts serves outside the core group: SelfSubjectAccessReview (`kubectl auth can-i`),
// SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth whoami`). Each is
// one create-only, cluster-scoped collection; the catalogue is here, in auth, because request attributes, the
// policy, discovery and the handler all name them. Nothing else lives under /apis.
export interface ReviewKind {
  group: string;
  version: 'v1';
  /** Plural, lower-case: the last segment of the collection's path. */
  resource: string;
  singular: string;
  kind: string;
}

export const ACCESS_REVIEW: ReviewKind = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  kind: 'SelfSubjectAccessReview',
};

export const RULES_REVIEW: ReviewKind = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectrulesreviews',
  singular: 'selfsubjectrulesreview',
  kind: 'SelfSubjectRulesReview',
};

export const SELF_REVIEW: ReviewKind = {
  group: 'authentication.k8s.io',
  version: 'v1',
  resource: 'selfsubjectreviews',
  singular: 'selfsubjectreview',
  kind: 'SelfSubjectReview',
};

export const REVIEW_KINDS: readonly ReviewKind[] = [ACCESS_REVIEW, RULES_REVIEW, SELF_REVIEW];

/** The groups the review kinds are in, each once, in catalogue order. */
export const REVIEW_GROUPS: readonly string[] = [...new Set(REVIEW_KINDS.map((k) => k.group))];

/** `/apis/<group>/<version>/<resource>` of a review kind. */
export const reviewPath = (k: ReviewKind): string => `/apis/${k.group}/${k.version}/${k.resource}`;

/** The review kind whose collection is at `path` (no query, no trailing slash), or undefined. */
export const reviewKindAt = (path: string): ReviewKind | undefined =>
  REVIEW_KINDS.find((k) => reviewPath(k) === path);

/** Whether a resource in `group` is one of the review collections (any verb). */
export const isReviewResource = (group: string, resource: string): boolean =>
  REVIEW_KINDS.some((k) => k.group === group && k.resource === resource);
