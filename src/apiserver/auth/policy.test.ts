import { describe, expect, it } from 'vitest';
import { requestAttributes } from './attributes';
import { forbidden } from './forbidden';
import { authorize } from './policy';
import { TEST_USERS, testUser as user } from './testing';
import { ANONYMOUS, type UserInfo } from './user';

const { admin, n1, scheduler, controllerManager: cm, proxy } = TEST_USERS;
const dns = user('system:kube-dns');
const alice = user('alice', 'devs');
const impostor = user('system:node:n1'); // the right name, but not in system:nodes

type Row = [UserInfo, string, string, boolean | string];
// [user, method, url, allowed (true/false) or the NodeCheck left to run]
const table: Row[] = [
  [admin, 'DELETE', '/api/v1/nodes/n1', true],
  [admin, 'GET', '/api/v1/namespaces/ns/pods/p/exec', true],
  [admin, 'GET', '/metrics', true],
  [ANONYMOUS, 'GET', '/healthz', true],
  [ANONYMOUS, 'GET', '/readyz/ping', true],
  [ANONYMOUS, 'GET', '/version', true],
  [ANONYMOUS, 'GET', '/api', false],
  [ANONYMOUS, 'GET', '/api/v1/nodes', false],
  [ANONYMOUS, 'POST', '/healthz', false],
  [alice, 'GET', '/api', true],
  [alice, 'GET', '/openapi/v3/api/v1', true],
  [alice, 'GET', '/api/v1/pods', false],
  [scheduler, 'GET', '/api/v1/pods?watch=true', true],
  [scheduler, 'POST', '/api/v1/namespaces/ns/pods/p/binding', true],
  [scheduler, 'POST', '/api/v1/namespaces/ns/bindings', true],
  [scheduler, 'PUT', '/api/v1/namespaces/ns/pods/p/status', true],
  [scheduler, 'POST', '/api/v1/namespaces/ns/events', true],
  [scheduler, 'PUT', '/api/v1/namespaces/kube-system/endpoints/kube-scheduler', true],
  [scheduler, 'PUT', '/api/v1/namespaces/default/endpoints/web', false],
  [scheduler, 'DELETE', '/api/v1/namespaces/ns/pods/p', false],
  [scheduler, 'POST', '/api/v1/namespaces/ns/pods', false],
  [scheduler, 'GET', '/api/v1/namespaces/ns/pods/p/log', false],
  [cm, 'DELETE', '/api/v1/namespaces/ns/pods/p', true],
  [cm, 'PUT', '/api/v1/namespaces/ns/replicationcontrollers/rc/status', true],
  [cm, 'PUT', '/api/v1/namespaces/ns/finalize', true],
  [cm, 'GET', '/api/v1/namespaces/ns/pods/p/exec', false],
  [proxy, 'GET', '/api/v1/endpoints?watch=1', true],
  [proxy, 'GET', '/api/v1/services', true],
  [proxy, 'POST', '/api/v1/namespaces/default/events', true],
  [proxy, 'POST', '/api/v1/namespaces/default/services', false],
  [proxy, 'GET', '/api/v1/replicationcontrollers', false],
  [dns, 'GET', '/api/v1/services', true],
  [dns, 'PUT', '/api/v1/namespaces/default/endpoints/x', false],
  [n1, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1', true],
  [n1, 'GET', '/api/v1/nodes/n2', true],
  [n1, 'POST', '/api/v1/nodes', 'own-node'],
  [n1, 'PUT', '/api/v1/nodes/n1', true],
  [n1, 'PATCH', '/api/v1/nodes/n1', true],
  [n1, 'PUT', '/api/v1/nodes/n1/status', true],
  [n1, 'PUT', '/api/v1/nodes/n2', false],
  [n1, 'PATCH', '/api/v1/nodes/n2/status', false],
  [n1, 'DELETE', '/api/v1/nodes/n1', false],
  [n1, 'PUT', '/api/v1/namespaces/ns/pods/p/status', 'pod-on-node'],
  [n1, 'PATCH', '/api/v1/namespaces/ns/pods/p/status', 'pod-on-node'],
  [n1, 'POST', '/api/v1/namespaces/ns/pods', 'own-mirror-pod'],
  [n1, 'DELETE', '/api/v1/namespaces/ns/pods/p', 'pod-on-node'],
  [n1, 'PUT', '/api/v1/namespaces/ns/pods/p', false],
  [n1, 'POST', '/api/v1/namespaces/ns/pods/p/binding', false],
  [n1, 'POST', '/api/v1/namespaces/ns/events', true],
  [n1, 'POST', '/api/v1/namespaces/ns/services', false],
  [n1, 'GET', '/api/v1/namespaces/ns/pods/p/exec', false],
  [n1, 'GET', '/api/v1/componentstatuses', false],
  [n1, 'GET', '/api/v1/namespaces/ns/pods/p:80/proxy/x', false],
  [cm, 'GET', '/api/v1/namespaces/ns/services/s/proxy/', false],
  [admin, 'GET', '/api/v1/namespaces/ns/services/s:80/proxy/', true],
  [admin, 'GET', '/api/v1/componentstatuses/scheduler', true],
  [impostor, 'PUT', '/api/v1/nodes/n1/status', false],
  // The reviews tell callers only about themselves: anyone authenticated may ask, nobody may read them back.
  [alice, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', true],
  [alice, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', true],
  [ANONYMOUS, 'HEAD', '/healthz', true],
  [alice, 'HEAD', '/api/v1', true],
  [alice, 'GET', '/apisx', false],
  [n1, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', true],
  [ANONYMOUS, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', false],
  [n1, 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', false],
  [n1, 'GET', '/apis/authorization.k8s.io/v1', true],
];

describe('authorize', () => {
  it.each(table)('%o %s %s → %s', (who, method, url, expected) => {
    const decision = authorize(who, requestAttributes(method, url));
    if (typeof expected === 'string') expect(decision).toEqual({ allowed: true, check: expected });
    else expect(decision).toEqual({ allowed: expected });
  });
});

describe('forbidden', () => {
  const message = (who: UserInfo, method: string, url: string) =>
    forbidden(who, requestAttributes(method, url)).message;

  it('words refusals as Kubernetes does', () => {
    expect(message(n1, 'PUT', '/api/v1/nodes/n2')).toBe(
      'nodes "n2" is forbidden: User "system:node:n1" cannot update resource "nodes" in API group "" at the cluster scope',
    );
    expect(message(proxy, 'GET', '/api/v1/namespaces/default/replicationcontrollers')).toBe(
      'replicationcontrollers is forbidden: User "system:kube-proxy" cannot list resource "replicationcontrollers" in API group "" in the namespace "default"',
    );
    expect(message(scheduler, 'GET', '/api/v1/namespaces/ns/pods/p/log')).toBe(
      'pods "p" is forbidden: User "system:kube-scheduler" cannot get resource "pods/log" in API group "" in the namespace "ns"',
    );
    expect(message(alice, 'GET', '/metrics')).toBe('forbidden: User "alice" cannot get path "/metrics"');
    expect(message(ANONYMOUS, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews')).toBe(
      'selfsubjectreviews is forbidden: User "system:anonymous" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('is a 403 Status naming the object', () => {
    expect(forbidden(n1, requestAttributes('PUT', '/api/v1/nodes/n2')).toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      details: { name: 'n2', kind: 'nodes', group: '' },
    });
  });
});
