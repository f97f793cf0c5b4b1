// Hostile and malformed requests with plain fetch: each gets the expected 4xx Status, nothing is written
// (the store revision, read as a list's resourceVersion, does not move), and the server keeps serving.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

interface Case {
  name: string;
  method?: string;
  path: string;
  body?: unknown;
  /** Raw body text; wins over body. */
  raw?: string;
  contentType?: string | null;
  accept?: string;
  expect: number | number[];
}

const NS = '/api/v1/namespaces/default';
const STRICT = '?fieldValidation=Strict';
const container = { name: 'web', image: 'nginx' };
const pod = (
  over: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'bad', ...meta },
  spec: { containers: [container], ...spec },
  ...over,
});
const rc = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'bad-rc' },
  spec: {
    replicas: 1,
    selector: { app: 'x' },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } },
    ...spec,
  },
});
const svc = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'bad-svc' },
  spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec },
});

const createPod = (name: string, body: unknown, expect: number | number[] = 422): Case => ({
  name,
  method: 'POST',
  path: `${NS}/pods${STRICT}`,
  body,
  expect,
});

const CASES: Case[] = [
  // Bodies that are not one JSON object.
  { name: 'truncated JSON', method: 'POST', path: `${NS}/pods`, raw: '{"kind":', expect: 400 },
  { name: 'JSON array', method: 'POST', path: `${NS}/pods`, raw: '[]', expect: 400 },
  { name: 'JSON string', method: 'POST', path: `${NS}/pods`, raw: '"pod"', expect: 400 },
  { name: 'JSON null', method: 'POST', path: `${NS}/pods`, raw: 'null', expect: 400 },
  { name: 'JSON number', method: 'POST', path: `${NS}/pods`, raw: '42', expect: 400 },
  { name: 'empty body', method: 'POST', path: `${NS}/pods`, raw: '', expect: 400 },
  { name: 'trailing garbage', method: 'POST', path: `${NS}/pods`, raw: '{"a":1} x', expect: 400 },
  {
    name: 'deep nesting',
    method: 'POST',
    path: `${NS}/pods`,
    raw: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    expect: 400,
  },
  {
    name: '__proto__ key',
    method: 'POST',
    path: `${NS}/pods`,
    raw: '{"__proto__":{"x":1},"kind":"Pod"}',
    expect: 400,
  },
  {
    name: 'bad YAML',
    method: 'POST',
    path: `${NS}/pods`,
    raw: 'kind: [Pod\n',
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    name: 'multi-document YAML',
    method: 'POST',
    path: `${NS}/pods`,
    raw: 'kind: Pod\n---\nkind: Pod\n',
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    name: 'YAML list',
    method: 'POST',
    path: `${NS}/pods`,
    raw: '- a\n- b\n',
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    name: 'YAML duplicate keys',
    method: 'POST',
    path: `${NS}/pods`,
    raw: 'kind: Pod\nkind: Pod\n',
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    // Nested deeper than yaml's recursion survives: it once aborted the whole process (SIGABRT in V8's regexp
    // compiler), so this case also proves the server is still up for the next one.
    name: 'YAML nested 5,000 levels deep',
    method: 'POST',
    path: `${NS}/pods`,
    raw: '['.repeat(5000) + ']'.repeat(5000),
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    name: 'YAML block sequences nested 5,000 levels deep',
    method: 'POST',
    path: `${NS}/pods`,
    raw: '- '.repeat(5000) + 'x',
    contentType: 'application/yaml',
    expect: 400,
  },
  {
    name: 'YAML alias bomb',
    method: 'POST',
    path: `${NS}/pods`,
    contentType: 'application/yaml',
    expect: 400,
    raw:
      'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
      Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ).join('\n') +
      '\n',
  },
  // Content types.
  {
    name: 'text/plain',
    method: 'POST',
    path: `${NS}/pods`,
    body: pod(),
    contentType: 'text/plain',
    expect: 415,
  },
  {
    name: 'application/xml',
    method: 'POST',
    path: `${NS}/pods`,
    body: pod(),
    contentType: 'application/xml',
    expect: 415,
  },
  {
    name: 'no content type (read as JSON), malformed',
    method: 'POST',
    path: `${NS}/pods`,
    raw: 'kind: Pod',
    contentType: null,
    expect: 400,
  },
  {
    name: 'patch type on create',
    method: 'POST',
    path: `${NS}/pods`,
    body: pod(),
    contentType: 'application/merge-patch+json',
    expect: 415,
  },
  {
    name: 'protobuf body',
    method: 'POST',
    path: `${NS}/pods`,
    raw: 'k8s\0',
    contentType: 'application/vnd.kubernetes.protobuf',
    expect: 415,
  },
  // Type and version.
  createPod('apiVersion v2', pod({ apiVersion: 'v2' }), 400),
  createPod('apiVersion apps/v1', pod({ apiVersion: 'apps/v1' }), 400),
  createPod('kind Service at pods', pod({ kind: 'Service' }), 400),
  createPod('kind is a list', pod({ kind: 'PodList' }), 400),
  createPod('numeric kind', pod({ kind: 7 }), 400),
  createPod('metadata is a string', pod({ metadata: 'x' }), 400),
  createPod('metadata is an array', pod({ metadata: [] }), 400),
  createPod('namespace mismatch', pod({}, {}, { namespace: 'kube-system' }), 400),
  // Names.
  createPod('capital letters in name', pod({}, {}, { name: 'Web' })),
  createPod('300-character name', pod({}, {}, { name: 'a'.repeat(300) })),
  createPod('254-character name', pod({}, {}, { name: 'a'.repeat(254) })),
  createPod('underscore in name', pod({}, {}, { name: 'a_b' })),
  createPod('leading dash', pod({}, {}, { name: '-ab' })),
  createPod('trailing dot', pod({}, {}, { name: 'ab.' })),
  createPod('slash in name', pod({}, {}, { name: 'a/b' })),
  createPod('dot-dot name', pod({}, {}, { name: '..' })),
  createPod('empty name', pod({}, {}, { name: '' })),
  createPod('no name, no generateName', pod({}, {}, { name: undefined })),
  createPod('numeric name', pod({}, {}, { name: 42 }), [400, 422]),
  createPod('capital generateName', pod({}, {}, { name: undefined, generateName: 'Web-' })),
  createPod('label key with a space', pod({}, {}, { labels: { 'a b': 'c' } })),
  createPod('label value 64 chars', pod({}, {}, { labels: { a: 'v'.repeat(64) } })),
  createPod('label value with a space', pod({}, {}, { labels: { a: 'b c' } })),
  createPod('label value is a number', pod({}, {}, { labels: { a: 1 } }), [400, 422]),
  createPod('annotation value is an object', pod({}, {}, { annotations: { a: { b: 1 } } }), [400, 422]),
  // Pod spec.
  createPod('duplicate container names', pod({}, { containers: [container, container] })),
  createPod('no containers', pod({}, { containers: [] })),
  createPod('containers is an object', pod({}, { containers: { web: container } }), [400, 422]),
  createPod('container without image', pod({}, { containers: [{ name: 'web' }] })),
  createPod('container without name', pod({}, { containers: [{ image: 'nginx' }] })),
  createPod('container name with capitals', pod({}, { containers: [{ name: 'Web', image: 'nginx' }] })),
  createPod(
    'container port 70000',
    pod({}, { containers: [{ ...container, ports: [{ containerPort: 70000 }] }] }),
  ),
  createPod(
    'negative container port',
    pod({}, { containers: [{ ...container, ports: [{ containerPort: -1 }] }] }),
  ),
  createPod(
    'port is a string',
    pod({}, { containers: [{ ...container, ports: [{ containerPort: 'http' }] }] }),
    [400, 422],
  ),
  createPod('restartPolicy Sometimes', pod({}, { restartPolicy: 'Sometimes' })),
  createPod('spec is a string', pod({ spec: 'run nginx' }), [400, 422]),
  createPod('no spec', pod({ spec: undefined })),
  createPod('unknown field in spec (Strict)', pod({}, { foo: 1 }), 400),
  createPod('unknown top-level field (Strict)', pod({ foo: 1 }), 400),
  createPod('unknown field in metadata (Strict)', pod({}, {}, { foo: 1 }), 400),
  createPod(
    'unknown field in a container (Strict)',
    pod({}, { containers: [{ ...container, imag: 'x' }] }),
    400,
  ),
  // Replication controllers.
  {
    name: 'negative replicas',
    method: 'POST',
    path: `${NS}/replicationcontrollers${STRICT}`,
    body: rc({ replicas: -1 }),
    expect: 422,
  },
  {
    name: 'replicas is a string',
    method: 'POST',
    path: `${NS}/replicationcontrollers${STRICT}`,
    body: rc({ replicas: 'three' }),
    expect: [400, 422],
  },
  {
    name: 'selector not matching template',
    method: 'POST',
    path: `${NS}/replicationcontrollers${STRICT}`,
    body: rc({ selector: { app: 'y' } }),
    expect: 422,
  },
  {
    name: 'template without containers',
    method: 'POST',
    path: `${NS}/replicationcontrollers${STRICT}`,
    body: rc({ template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } }),
    expect: 422,
  },
  {
    name: 'rc selector with a bad key',
    method: 'POST',
    path: `${NS}/replicationcontrollers${STRICT}`,
    body: rc({ selector: { 'a b': 'x' } }),
    expect: 422,
  },
  // Services.
  {
    name: 'service port 0',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({ ports: [{ port: 0 }] }),
    expect: 422,
  },
  {
    name: 'service port 99999',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({ ports: [{ port: 99999 }] }),
    expect: 422,
  },
  {
    name: 'service protocol FOO',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({ ports: [{ port: 80, protocol: 'FOO' }] }),
    expect: 422,
  },
  {
    name: 'clusterIP not an IP',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({ clusterIP: 'not-an-ip' }),
    expect: 422,
  },
  {
    name: 'duplicate service port names',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({
      ports: [
        { name: 'a', port: 80 },
        { name: 'a', port: 81 },
      ],
    }),
    expect: 422,
  },
  {
    name: 'service type Bogus',
    method: 'POST',
    path: `${NS}/services${STRICT}`,
    body: svc({ type: 'Bogus' }),
    expect: 422,
  },
  // Cluster-scoped kinds.
  {
    name: 'namespace with capitals',
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Prod' } },
    expect: 422,
  },
  {
    name: 'namespace with a dot',
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
    expect: 422,
  },
  {
    name: 'node with a 300-character name',
    method: 'POST',
    path: '/api/v1/nodes',
    body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n'.repeat(300) } },
    expect: 422,
  },
  {
    name: 'event without involvedObject',
    method: 'POST',
    path: `${NS}/events`,
    body: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1' }, reason: 'X' },
    expect: 422,
  },
  // Paths.
  { name: 'encoded ../ in a name', path: `${NS}/pods/..%2Fetc`, expect: 400 },
  { name: 'encoded ../ in a namespace', path: '/api/v1/namespaces/..%2F..%2Fx/pods', expect: 400 },
  { name: 'encoded .. as a name', path: `${NS}/pods/%2e%2e`, expect: 400 },
  { name: 'percent in a name', path: `${NS}/pods/a%25b`, expect: 400 },
  { name: 'malformed escape', path: `${NS}/pods/%E0%A4%A`, expect: 400 },
  {
    name: 'delete with ../ in a name',
    method: 'DELETE',
    path: `${NS}/pods/..%2F..%2Fnamespaces%2Fdefault`,
    expect: 400,
  },
  { name: 'unknown resource', path: `${NS}/widgets`, expect: 404 },
  { name: 'unknown version', path: '/api/v2', expect: 404 },
  { name: 'unknown group', path: '/apis/apps/v1', expect: 404 },
  { name: 'unknown subresource', path: `${NS}/pods/existing/frobnicate`, expect: 404 },
  { name: 'too many segments', path: `${NS}/pods/existing/status/x`, expect: 404 },
  { name: 'cluster-scoped under a namespace', path: `${NS}/nodes`, expect: 404 },
  { name: 'namespaced object at the top level', path: '/api/v1/pods/existing', expect: 404 },
  { name: 'an openapi version we do not serve', path: '/openapi/v4', expect: 404 },
  { name: 'nonexistent pod', path: `${NS}/pods/nope`, expect: 404 },
  // Methods.
  { name: 'PUT on a collection', method: 'PUT', path: `${NS}/pods`, body: pod(), expect: 405 },
  {
    name: 'PATCH on a collection',
    method: 'PATCH',
    path: `${NS}/pods`,
    body: {},
    contentType: 'application/merge-patch+json',
    expect: 405,
  },
  { name: 'POST on an object', method: 'POST', path: `${NS}/pods/existing`, body: pod(), expect: 405 },
  { name: 'POST on all namespaces', method: 'POST', path: '/api/v1/pods', body: pod(), expect: 405 },
  { name: 'DELETE on all namespaces', method: 'DELETE', path: '/api/v1/pods', expect: 405 },
  { name: 'POST /version', method: 'POST', path: '/version', body: {}, expect: 405 },
  { name: 'DELETE /api/v1', method: 'DELETE', path: '/api/v1', expect: 405 },
  {
    name: 'POST to a watch',
    method: 'POST',
    path: `/api/v1/watch/namespaces/default/pods`,
    body: pod(),
    expect: 405,
  },
  // Query parameters.
  { name: 'limit=abc', path: `${NS}/pods?limit=abc`, expect: 400 },
  { name: 'limit=-5', path: `${NS}/pods?limit=-5`, expect: 400 },
  { name: 'limit=1.5', path: `${NS}/pods?limit=1.5`, expect: 400 },
  { name: 'garbage continue token', path: `${NS}/pods?limit=1&continue=garbage`, expect: [400, 410] },
  { name: 'base64 junk continue token', path: `${NS}/pods?limit=1&continue=eyJ2IjoxfQ`, expect: [400, 410] },
  { name: 'resourceVersion=abc on list', path: `${NS}/pods?resourceVersion=abc`, expect: 400 },
  { name: 'resourceVersion=-1 on list', path: `${NS}/pods?resourceVersion=-1`, expect: 400 },
  { name: 'resourceVersion=abc on watch', path: `${NS}/pods?watch=true&resourceVersion=abc`, expect: 400 },
  {
    name: 'bad label selector on watch',
    path: `${NS}/pods?watch=true&labelSelector=${encodeURIComponent('a in (')}`,
    expect: 400,
  },
  {
    name: 'bad label selector on list',
    path: `${NS}/pods?labelSelector=${encodeURIComponent('!!!')}`,
    expect: 400,
  },
  {
    name: 'label selector with a bad key',
    path: `${NS}/pods?labelSelector=${encodeURIComponent('a b=c')}`,
    expect: 400,
  },
  {
    name: 'unknown field selector on watch',
    path: `${NS}/pods?watch=true&fieldSelector=spec.bogus%3D1`,
    expect: 400,
  },
  { name: 'field selector without an operator', path: `${NS}/pods?fieldSelector=metadata.name`, expect: 400 },
  { name: 'timeoutSeconds=abc', path: `${NS}/pods?watch=true&timeoutSeconds=abc`, expect: 400 },
  { name: 'watch=maybe', path: `${NS}/pods?watch=maybe`, expect: 400 },
  {
    name: 'includeObject=Everything',
    path: `${NS}/pods?includeObject=Everything`,
    accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    expect: 400,
  },
  { name: 'dryRun=Some', method: 'POST', path: `${NS}/pods?dryRun=Some`, body: pod(), expect: 400 },
  {
    name: 'fieldValidation=Loose',
    method: 'POST',
    path: `${NS}/pods?fieldValidation=Loose`,
    body: pod(),
    expect: 400,
  },
  // Updates, patches and deletes of an existing object.
  {
    name: 'PUT with another name',
    method: 'PUT',
    path: `${NS}/pods/existing`,
    body: pod({}, {}, { name: 'other' }),
    expect: 400,
  },
  {
    name: 'PUT with a stale resourceVersion',
    method: 'PUT',
    path: `${NS}/pods/existing`,
    body: pod({}, {}, { name: 'existing', resourceVersion: '1' }),
    expect: 409,
  },
  {
    name: 'PUT with a bogus resourceVersion',
    method: 'PUT',
    path: `${NS}/pods/existing`,
    body: pod({}, {}, { name: 'existing', resourceVersion: 'abc' }),
    expect: [400, 409, 422],
  },
  {
    name: 'PUT of a missing pod',
    method: 'PUT',
    path: `${NS}/pods/nope`,
    body: pod({}, {}, { name: 'nope', resourceVersion: '5' }),
    expect: [404, 409],
  },
  {
    name: 'PATCH with application/json',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: {},
    expect: 415,
  },
  {
    name: 'PATCH with no content type',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: {},
    contentType: null,
    expect: 415,
  },
  {
    name: 'merge patch, malformed',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    raw: '{"metadata":',
    contentType: 'application/merge-patch+json',
    expect: 400,
  },
  {
    name: 'merge patch, an array',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    raw: '[1]',
    contentType: 'application/merge-patch+json',
    expect: 400,
  },
  {
    name: 'strategic patch, a string',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    raw: '"x"',
    contentType: 'application/strategic-merge-patch+json',
    expect: 400,
  },
  {
    name: 'JSON patch, an object',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: { op: 'add' },
    contentType: 'application/json-patch+json',
    expect: 400,
  },
  {
    name: 'JSON patch, bogus op',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: [{ op: 'frob', path: '/a' }],
    contentType: 'application/json-patch+json',
    expect: [400, 422],
  },
  {
    name: 'JSON patch, failed test',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: [{ op: 'test', path: '/metadata/name', value: 'x' }],
    contentType: 'application/json-patch+json',
    expect: [409, 422],
  },
  {
    name: 'merge patch renaming',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: { metadata: { name: 'other' } },
    contentType: 'application/merge-patch+json',
    expect: [400, 422],
  },
  {
    name: 'merge patch, invalid result',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: { spec: { containers: [{ name: 'web', image: '' }] } },
    contentType: 'application/merge-patch+json',
    expect: 422,
  },
  {
    name: 'strategic patch with an unknown field (Strict)',
    method: 'PATCH',
    path: `${NS}/pods/existing${STRICT}`,
    body: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containerz: [] } },
    contentType: 'application/strategic-merge-patch+json',
    expect: 400,
  },
  {
    name: 'apply patch with an unknown field (Strict)',
    method: 'PATCH',
    path: `${NS}/pods/existing${STRICT}&fieldManager=test`,
    body: pod({}, { foo: 1 }, { name: 'existing' }),
    contentType: 'application/apply-patch+yaml',
    expect: 400,
  },
  {
    name: 'merge patch, bad label',
    method: 'PATCH',
    path: `${NS}/pods/existing`,
    body: { metadata: { labels: { 'a b': 'c' } } },
    contentType: 'application/merge-patch+json',
    expect: 422,
  },
  {
    name: 'merge patch of a missing pod',
    method: 'PATCH',
    path: `${NS}/pods/nope`,
    body: {},
    contentType: 'application/merge-patch+json',
    expect: 404,
  },
  { name: 'DELETE of a missing pod', method: 'DELETE', path: `${NS}/pods/nope`, expect: 404 },
  {
    name: 'DELETE with a malformed body',
    method: 'DELETE',
    path: `${NS}/pods/existing`,
    raw: '{"gracePeriodSeconds":',
    expect: 400,
  },
  {
    name: 'DELETE with a string grace period',
    method: 'DELETE',
    path: `${NS}/pods/existing`,
    body: { gracePeriodSeconds: 'soon' },
    expect: 400,
  },
  {
    name: 'DELETE with gracePeriodSeconds=soon',
    method: 'DELETE',
    path: `${NS}/pods/existing?gracePeriodSeconds=soon`,
    expect: 400,
  },
  {
    name: 'scale to -1',
    method: 'PATCH',
    path: `${NS}/replicationcontrollers/existing-rc/scale`,
    body: { spec: { replicas: -1 } },
    contentType: 'application/merge-patch+json',
    expect: 422,
  },
  {
    name: 'scale of a missing rc',
    method: 'PATCH',
    path: `${NS}/replicationcontrollers/nope/scale`,
    body: { spec: { replicas: 1 } },
    contentType: 'application/merge-patch+json',
    expect: 404,
  },
  // Kubelet-served subresources, before there is a kubelet.
  {
    name: 'binding of a missing pod',
    method: 'POST',
    path: `${NS}/pods/nope/binding`,
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'nope' },
      target: { kind: 'Node', name: 'n1' },
    },
    expect: 404,
  },
  {
    name: 'binding without a target',
    method: 'POST',
    path: `${NS}/bindings`,
    body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'existing' } },
    expect: [400, 422],
  },
  {
    name: 'binding without a name',
    method: 'POST',
    path: `${NS}/bindings`,
    body: { apiVersion: 'v1', kind: 'Binding', target: { name: 'n1' } },
    expect: 400,
  },
  { name: 'log of a missing pod', path: `${NS}/pods/nope/log`, expect: 404 },
  { name: 'log of an unscheduled pod', path: `${NS}/pods/existing/log`, expect: 400 },
  { name: 'log of a missing container', path: `${NS}/pods/existing/log?container=nope`, expect: 400 },
  { name: 'exec without an upgrade', path: `${NS}/pods/existing/exec?command=ls`, expect: 400 },
];

/** Gives every case's object its own name, so that one wrongly accepted body cannot mask the next case. */
function uniqueName(c: Case, i: number): Case {
  const meta = (c.body as { metadata?: { name?: unknown } } | undefined)?.metadata;
  if (typeof meta?.name === 'string' && /^bad(-rc|-svc)?$/.test(meta.name))
    return { ...c, body: { ...(c.body as object), metadata: { ...meta, name: `${meta.name}-${i}` } } };
  return c;
}

/** node:http rather than fetch: fetch normalises paths (`%2e%2e` → `..`) before they reach the server. */
function send(url: string, c: Case): Promise<{ status: number; contentType: string; text: string }> {
  const u = new URL(url);
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['Content-Type'] = c.contentType ?? 'application/json';
  if (c.accept) headers.Accept = c.accept;
  const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: c.path, method: c.method ?? 'GET', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad input to the apiserver', () => {
  let t: TestServer;
  const revision = async () => {
    const res = await fetch(`${t.url}/api/v1/namespaces`);
    return ((await res.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  };

  beforeAll(async () => {
    t = await startTestServer('sqlite', inject('etcdEndpoints'));
    const post = async (path: string, body: unknown) => {
      const res = await fetch(t.url + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.text()).toBe(201);
    };
    await post(`${NS}/pods`, pod({}, {}, { name: 'existing' }));
    await post(`${NS}/replicationcontrollers`, { ...rc({}), metadata: { name: 'existing-rc' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has at least 100 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
  });

  it('answers each with the expected 4xx Status and writes nothing', async () => {
    const before = await revision();
    const failures: string[] = [];
    for (const [i, c] of CASES.map(uniqueName).entries()) {
      const res = await send(t.url, c);
      const text = res.text;
      const expected = Array.isArray(c.expect) ? c.expect : [c.expect];
      let status: { kind?: string; code?: number; status?: string } = {};
      try {
        status = JSON.parse(text) as typeof status;
      } catch {
        // reported below
      }
      const ct = res.contentType;
      if (
        !expected.includes(res.status) ||
        status.kind !== 'Status' ||
        status.code !== res.status ||
        !ct.startsWith('application/json')
      )
        failures.push(`#${i} ${c.name}: got ${res.status} ${ct} ${text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(await revision()).toBe(before);
  });

  it('refuses a body over 3 MiB with 413 without reading it all', async () => {
    const before = await revision();
    const big = JSON.stringify(pod({}, {}, { annotations: { big: 'x'.repeat(3 * 1024 * 1024) } }));
    const res = await fetch(`${t.url}${NS}/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { reason: string }).reason).toBe('RequestEntityTooLarge');
    expect(await revision()).toBe(before);
  });

  it('refuses a chunked body past 3 MiB, and cuts off one that never ends', async () => {
    const before = await revision();
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const stream = (limit: number, sent: { bytes: number }) =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent.bytes >= limit) return controller.close();
          sent.bytes += chunk.length;
          controller.enqueue(chunk);
        },
      });
    const post = (body: ReadableStream<Uint8Array>) =>
      fetch(`${t.url}${NS}/pods`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);

    const finite = await post(stream(5 * 1024 * 1024, { bytes: 0 }));
    expect(finite.status).toBe(413);
    expect(await finite.json()).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });

    const endless = { bytes: 0 };
    // The client sees the 413 or a cut connection, depending on when it notices; it never hangs.
    const cut = await post(stream(Infinity, endless)).catch(() => undefined);
    if (cut) expect(cut.status).toBe(413);
    expect(endless.bytes).toBeLessThan(64 * 1024 * 1024);
    expect(await revision()).toBe(before);
  });

  it('answers a WebSocket exec with an HTTP error instead of hanging', async () => {
    const u = new URL(`${t.url}${NS}/pods/existing/exec?command=ls&stdout=true`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('answers requests it cannot parse: garbage and oversized headers', async () => {
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const u = new URL(t.url);
        const socket = net.connect(Number(u.port), u.hostname, () => socket.end(text));
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
    expect(await raw('HELLO\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(`GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431 /,
    );
  });

  it('keeps serving afterwards', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).text()).toBe('ok');
    const res = await fetch(`${t.url}${NS}/pods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(pod({}, {}, { name: 'after' })),
    });
    expect(res.status).toBe(201);
  });
});
