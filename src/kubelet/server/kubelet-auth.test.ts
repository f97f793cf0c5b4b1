import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors';
import {
  APISERVER_KUBELET_CLIENT,
  authenticateKubelet,
  authorizeKubelet,
  createKubeletAuth,
  kubeletAttributes,
} from './kubelet-auth';

/** A request as the TLS layer hands it over: the peer certificate's subject and whether its chain verified. */
function request(
  method: string,
  url: string,
  cert?: { CN?: string; O?: string | string[]; authorized?: boolean },
): IncomingMessage {
  const socket = {
    encrypted: true,
    authorized: cert?.authorized ?? true,
    getPeerCertificate: () => (cert ? { subject: { CN: cert.CN, O: cert.O } } : {}),
  };
  return { method, url, socket } as unknown as IncomingMessage;
}

const message = (e: StatusError | undefined) => (e ? `${e.code} ${e.message}` : 'allowed');

describe('kubeletAttributes', () => {
  it.each([
    ['GET', '/containerLogs/default/web/main', 'get', 'proxy'],
    ['GET', '/exec/default/web/main', 'get', 'proxy'],
    ['POST', '/portForward/default/web', 'create', 'proxy'],
    ['POST', '/pods', 'create', 'proxy'],
    ['GET', '/metrics', 'get', 'metrics'],
    ['GET', '/metrics/cadvisor', 'get', 'metrics'],
    ['GET', '/stats/summary', 'get', 'stats'],
    ['GET', '/logs/syslog', 'get', 'log'],
    ['GET', '/spec', 'get', 'spec'],
    ['GET', '/metricsfoo', 'get', 'proxy'],
    ['DELETE', '/pods', 'delete', 'proxy'],
    ['PUT', '/x', 'update', 'proxy'],
    ['PATCH', '/x', 'patch', 'proxy'],
  ])('%s %s is verb=%s on nodes/%s', (method, path, verb, subresource) => {
    expect(kubeletAttributes(method, path)).toEqual({ verb, resource: 'nodes', subresource });
  });
});

describe('authorizeKubelet', () => {
  const logs = kubeletAttributes('GET', '/containerLogs/default/web/main');

  it('lets the apiserver and system:masters do everything', () => {
    expect(authorizeKubelet({ name: APISERVER_KUBELET_CLIENT, groups: [] }, logs)).toBeUndefined();
    expect(authorizeKubelet({ name: 'admin', groups: ['system:masters'] }, logs)).toBeUndefined();
    expect(
      authorizeKubelet({ name: 'admin', groups: ['system:masters'] }, kubeletAttributes('POST', '/pods')),
    ).toBeUndefined();
  });

  it('refuses anyone else with the kubelet’s wording', () => {
    const refusal = authorizeKubelet({ name: 'system:node:n2', groups: ['system:nodes'] }, logs);
    expect(refusal?.code).toBe(403);
    expect(refusal?.reason).toBe('Forbidden');
    expect(refusal?.message).toBe(
      'Forbidden (user=system:node:n2, verb=get, resource=nodes, subresource=proxy)',
    );
    expect(message(authorizeKubelet({ name: 'bob', groups: [] }, kubeletAttributes('GET', '/metrics')))).toBe(
      '403 Forbidden (user=bob, verb=get, resource=nodes, subresource=metrics)',
    );
  });
});

describe('authenticateKubelet', () => {
  it('takes CN as the user and O as groups from a verified certificate', () => {
    expect(authenticateKubelet(request('GET', '/', { CN: 'alice', O: ['dev', 'ops'] }), false)).toEqual({
      name: 'alice',
      groups: ['dev', 'ops', 'system:authenticated'],
    });
    expect(authenticateKubelet(request('GET', '/', { CN: 'bob', O: 'dev' }), false)).toEqual({
      name: 'bob',
      groups: ['dev', 'system:authenticated'],
    });
  });

  it('is 401 for a certificate that did not verify or has no CN, even with anonymous auth on', () => {
    const foreign = authenticateKubelet(request('GET', '/', { CN: 'alice', authorized: false }), true);
    expect(foreign).toBeInstanceOf(StatusError);
    expect((foreign as StatusError).code).toBe(401);
    expect((authenticateKubelet(request('GET', '/', { O: 'x' }), true) as StatusError).code).toBe(401);
  });

  it('is 401 without a certificate, or system:anonymous when anonymous auth is on', () => {
    expect((authenticateKubelet(request('GET', '/'), false) as StatusError).code).toBe(401);
    expect(authenticateKubelet(request('GET', '/'), true)).toEqual({
      name: 'system:anonymous',
      groups: ['system:unauthenticated'],
    });
  });
});

describe('createKubeletAuth', () => {
  it('leaves /healthz open and guards every other path', () => {
    const auth = createKubeletAuth();
    expect(auth.admit(request('GET', '/healthz'))).toBeUndefined();
    expect(message(auth.admit(request('GET', '/healthz/x')))).toBe('401 Unauthorized');
    expect(message(auth.admit(request('POST', '/pods')))).toBe('401 Unauthorized');
    expect(message(auth.admit(request('GET', '/containerLogs/a/b/c?follow=1', { CN: 'eve' })))).toBe(
      '403 Forbidden (user=eve, verb=get, resource=nodes, subresource=proxy)',
    );
    expect(auth.admit(request('GET', '/exec/a/b/c', { CN: APISERVER_KUBELET_CLIENT }))).toBeUndefined();
  });

  it('with anonymous auth, a request without a certificate reaches the authorizer as system:anonymous', () => {
    const auth = createKubeletAuth({ anonymousAuth: true });
    expect(message(auth.admit(request('POST', '/pods')))).toBe(
      '403 Forbidden (user=system:anonymous, verb=create, resource=nodes, subresource=proxy)',
    );
  });
});
