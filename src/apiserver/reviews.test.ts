import { describe, expect, it } from 'vitest';
import { thrownStatus as thrown } from '../api/errors-testing';
import { accessReview, rulesReview, selfReview } from './reviews';
import { TEST_USERS } from './auth/testing';
import type { UserInfo } from './auth/user';

const { admin, n1, scheduler } = TEST_USERS;

const SSAR = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview' };
const can = (who: UserInfo, resourceAttributes: Record<string, string>) =>
  accessReview(who, { ...SSAR, spec: { resourceAttributes } }).status;
const canPath = (who: UserInfo, verb: string, path: string) =>
  accessReview(who, { ...SSAR, spec: { nonResourceAttributes: { verb, path } } }).status;

describe('accessReview', () => {
  it('echoes the review with the policy decision for the caller', () => {
    const body = {
      ...SSAR,
      metadata: { name: 'x' },
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
    };
    expect(accessReview(n1, body)).toEqual({ ...body, status: { allowed: true } });
    expect(can(n1, { verb: 'delete', resource: 'nodes', name: 'n2' })).toEqual({ allowed: false });
    expect(can(n1, { verb: 'update', resource: 'nodes', subresource: 'status', name: 'n1' })).toEqual({
      allowed: true,
    });
    expect(can(n1, { verb: 'update', resource: 'nodes', subresource: 'status', name: 'n2' })).toEqual({
      allowed: false,
    });
    expect(
      can(scheduler, { namespace: 'ns', verb: 'create', resource: 'pods', subresource: 'binding' }),
    ).toEqual({
      allowed: true,
    });
    expect(can(scheduler, { namespace: 'ns', verb: 'create', resource: 'pods' })).toEqual({ allowed: false });
    expect(can(admin, { verb: 'escalate', resource: 'anything' })).toEqual({ allowed: true });
  });

  it("says allowed, naming NodeRestriction, where a node's request depends on the object", () => {
    const create = can(n1, { namespace: 'default', verb: 'create', resource: 'pods' });
    expect(create).toEqual({
      allowed: true,
      reason:
        'node "n1" may create only mirror pods bound to itself (checked against the object by NodeRestriction)',
    });
    expect(can(n1, { verb: 'create', resource: 'nodes' })?.reason).toContain('only its own Node');
    expect(can(n1, { namespace: 'd', verb: 'delete', resource: 'pods', name: 'p' })?.reason).toContain(
      'only to pods bound to itself',
    );
  });

  it('answers no for groups k8ts does not serve, even to system:masters', () => {
    expect(can(admin, { verb: 'create', group: 'example.com', resource: 'widgets' })).toEqual({
      allowed: false,
      reason: 'no such resource group in k8ts: "example.com"',
    });
    // What kubectl sends for `can-i create widgets.example.com` when discovery does not know the name.
    expect(can(admin, { verb: 'create', resource: 'widgets.example.com' })).toEqual({
      allowed: false,
      reason: 'no such resource group in k8ts: "example.com"',
    });
    expect(can(admin, { verb: 'get', group: '*', resource: 'pods' })).toEqual({ allowed: true });
    expect(can(n1, { verb: 'get', group: '*', resource: 'pods' })).toEqual({ allowed: true });
    expect(
      can(n1, { verb: 'create', group: 'authentication.k8s.io', resource: 'selfsubjectreviews' }),
    ).toEqual({ allowed: true });
  });

  it('allows every verb or every resource only to system:masters', () => {
    expect(can(admin, { verb: '*', group: '*', resource: '*' })).toEqual({ allowed: true });
    expect(can(scheduler, { verb: 'get', resource: '*' })?.allowed).toBe(false);
    expect(can(n1, { verb: '*', resource: 'pods' })?.allowed).toBe(false);
  });

  it('answers non-resource requests by path', () => {
    expect(canPath(n1, 'get', '/healthz')).toEqual({ allowed: true });
    expect(canPath(n1, 'get', '/api')).toEqual({ allowed: true });
    expect(canPath(n1, 'get', '/metrics')).toEqual({ allowed: false });
    expect(canPath(admin, 'get', '/metrics')).toEqual({ allowed: true });
  });

  it('fills in kind and apiVersion left out, and refuses others (400)', () => {
    const review = accessReview(n1, { spec: { resourceAttributes: { verb: 'list', resource: 'pods' } } });
    expect(review).toMatchObject({ ...SSAR, metadata: {}, status: { allowed: true } });
    const kind = thrown(() => accessReview(n1, { ...SSAR, kind: 'SelfSubjectReview', spec: {} }));
    expect(kind.code).toBe(400);
    expect(kind.message).toBe(
      'SelfSubjectReview in version "authorization.k8s.io/v1" cannot be handled as a SelfSubjectAccessReview: the kind in the data (SelfSubjectReview) does not match the expected kind (SelfSubjectAccessReview)',
    );
    const version = thrown(() => accessReview(n1, { ...SSAR, apiVersion: 'v1', spec: {} }));
    expect(version.message).toBe(
      'the API version in the data (v1) does not match the expected API version (authorization.k8s.io/v1)',
    );
    const notString = thrown(() => accessReview(n1, { ...SSAR, spec: { resourceAttributes: { verb: 3 } } }));
    expect(notString.code).toBe(400);
    expect(notString.message).toBe(
      'SelfSubjectAccessReview in version "authorization.k8s.io/v1" cannot be handled as a SelfSubjectAccessReview: spec.resourceAttributes.verb must be a string',
    );
    expect(thrown(() => accessReview(n1, { ...SSAR, spec: 'x' })).code).toBe(400);
    expect(thrown(() => accessReview(n1, { ...SSAR, spec: { nonResourceAttributes: [] } })).code).toBe(400);
  });

  it('wants exactly one attribute set (422 with the field path)', () => {
    for (const spec of [undefined, {}, { resourceAttributes: null }]) {
      const e = thrown(() => accessReview(n1, { ...SSAR, spec }));
      expect(e.code).toBe(422);
      expect(e.message).toBe(
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      );
      expect(e.toStatus().details?.causes).toEqual([
        {
          reason: 'FieldValueRequired',
          field: 'spec.resourceAttributes',
          message:
            'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
        },
      ]);
    }
    const both = thrown(() =>
      accessReview(n1, {
        ...SSAR,
        spec: { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { verb: 'get', path: '/' } },
      }),
    );
    expect(both.code).toBe(422);
    expect(both.message).toContain(
      'spec.nonResourceAttributes: Invalid value: {"verb":"get","path":"/"}: cannot be specified in combination with resourceAttributes',
    );
  });
});

describe('rulesReview', () => {
  const SSRR = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview' };
  const rulesIn = (who: UserInfo, namespace: string) =>
    rulesReview(who, { ...SSRR, spec: { namespace } }).status!;

  it("echoes the review with the caller's rules in the namespace asked about", () => {
    const review = rulesReview(admin, { ...SSRR, spec: { namespace: 'default' } });
    expect(review).toEqual({
      ...SSRR,
      metadata: {},
      spec: { namespace: 'default' },
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    });
    expect(rulesIn(n1, 'default').resourceRules).toContainEqual({
      verbs: ['update', 'patch'],
      apiGroups: [''],
      resources: ['nodes', 'nodes/status'],
      resourceNames: ['n1'],
    });
    const lock = { verbs: ['get', 'create', 'update'], apiGroups: [''], resources: ['endpoints'] };
    expect(rulesIn(scheduler, 'kube-system').resourceRules).toContainEqual(lock);
    expect(rulesIn(scheduler, 'default').resourceRules).not.toContainEqual(lock);
  });

  it('lists only what the policy allows: every verb on every resource of every rule', () => {
    for (const who of [n1, scheduler]) {
      for (const rule of rulesIn(who, 'kube-system').resourceRules) {
        for (const verb of rule.verbs)
          for (const resource of rule.resources ?? []) {
            if (resource.startsWith('*')) continue;
            const [name, subresource] = resource.split('/');
            const attrs: Record<string, string> = { namespace: 'kube-system', verb, resource: name! };
            attrs.group = rule.apiGroups![0]!;
            if (subresource) attrs.subresource = subresource;
            if (rule.resourceNames) attrs.name = rule.resourceNames[0]!;
            expect(can(who, attrs)?.allowed, `${verb} ${resource}`).toBe(true);
          }
      }
    }
  });

  it('wants a namespace (400), as Kubernetes does', () => {
    expect(thrown(() => rulesReview(n1, { ...SSRR, spec: {} })).message).toBe('no namespace on request');
    expect(thrown(() => rulesReview(n1, { ...SSRR, spec: { namespace: 7 } })).code).toBe(400);
    expect(thrown(() => rulesReview(n1, { ...SSAR, spec: { namespace: 'x' } })).code).toBe(400);
  });
});

describe('selfReview', () => {
  it('answers with the caller as authentication found it', () => {
    expect(selfReview({ name: 'admin', uid: 'u1', groups: ['system:masters'] }, {})).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
      status: { userInfo: { username: 'admin', uid: 'u1', groups: ['system:masters'] } },
    });
    expect(selfReview(n1, {}).status?.userInfo).toEqual({
      username: 'system:node:n1',
      groups: ['system:nodes', 'system:authenticated'],
    });
    expect(thrown(() => selfReview(n1, { kind: 'SelfSubjectAccessReview' })).code).toBe(400);
  });
});
