import { describe, expect, it } from 'vitest';
import { requestAttributes } from './attributes';

describe('requestAttributes', () => {
  it.each([
    ['GET', '/api/v1/nodes', { verb: 'list', resource: 'nodes' }],
    ['GET', '/api/v1/nodes?watch=true', { verb: 'watch', resource: 'nodes' }],
    [
      'GET',
      '/api/v1/watch/namespaces/default/pods',
      { verb: 'watch', resource: 'pods', namespace: 'default' },
    ],
    ['GET', '/api/v1/nodes/n1', { verb: 'get', resource: 'nodes', name: 'n1' }],
    [
      'PUT',
      '/api/v1/nodes/n1/status',
      { verb: 'update', resource: 'nodes', subresource: 'status', name: 'n1' },
    ],
    ['PATCH', '/api/v1/nodes/n1', { verb: 'patch', resource: 'nodes', name: 'n1' }],
    ['POST', '/api/v1/namespaces/ns/pods', { verb: 'create', resource: 'pods', namespace: 'ns' }],
    [
      'POST',
      '/api/v1/namespaces/ns/pods/p/binding',
      { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'ns', name: 'p' },
    ],
    ['POST', '/api/v1/namespaces/ns/bindings', { verb: 'create', resource: 'bindings', namespace: 'ns' }],
    ['GET', '/api/v1/componentstatuses', { verb: 'list', resource: 'componentstatuses' }],
    [
      'POST',
      '/api/v1/namespaces/ns/services/web:http/proxy/a/b/',
      { verb: 'create', resource: 'services', subresource: 'proxy', namespace: 'ns', name: 'web:http' },
    ],
    [
      'GET',
      '/api/v1/namespaces/ns/pods/p/proxy',
      { verb: 'get', resource: 'pods', subresource: 'proxy', namespace: 'ns', name: 'p' },
    ],
    [
      'GET',
      '/api/v1/componentstatuses/scheduler',
      { verb: 'get', resource: 'componentstatuses', name: 'scheduler' },
    ],
    ['DELETE', '/api/v1/namespaces/ns/pods', { verb: 'deletecollection', resource: 'pods', namespace: 'ns' }],
    [
      'DELETE',
      '/api/v1/namespaces/ns/pods/p',
      { verb: 'delete', resource: 'pods', namespace: 'ns', name: 'p' },
    ],
    [
      'GET',
      '/api/v1/namespaces/kube-system',
      { verb: 'get', resource: 'namespaces', namespace: 'kube-system' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/ns/finalize',
      { verb: 'update', resource: 'namespaces', subresource: 'finalize', namespace: 'ns', name: 'ns' },
    ],
    ['GET', '/api/v1/namespaces/ns/pods/p/log?follow=1', { verb: 'get', subresource: 'log', name: 'p' }],
    [
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews?dryRun=All',
      { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' },
    ],
    [
      'GET',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews/',
      { verb: 'list', group: 'authentication.k8s.io', resource: 'selfsubjectreviews' },
    ],
  ])('%s %s', (method, url, expected) => {
    expect(requestAttributes(method, url)).toMatchObject({ kind: 'resource', ...expected });
  });

  it.each([
    ['GET', '/healthz', 'get', '/healthz'],
    ['GET', '/api/v1', 'get', '/api/v1'],
    ['GET', '/api/v1/', 'get', '/api/v1'],
    ['POST', '/version', 'post', '/version'],
    ['GET', '/apis/authorization.k8s.io/v1', 'get', '/apis/authorization.k8s.io/v1'],
    ['GET', '/apis/discovery.k8s.io/v1/endpointslices', 'get', '/apis/discovery.k8s.io/v1/endpointslices'],
    ['GET', '/api/v1/nosuchthing', 'get', '/api/v1/nosuchthing'],
    ['GET', '/api/v1/namespaces/a%2Fb/pods', 'get', '/api/v1/namespaces/a%2Fb/pods'],
  ])('%s %s is a non-resource request', (method, url, verb, path) => {
    expect(requestAttributes(method, url)).toEqual({ kind: 'nonResource', verb, path });
  });
});
