import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StatusError, errors, fieldErrors, isConflict, isInvalid, isNotFound } from '../api/errors';
import type { Pod } from '../api/types';
import { KubeClient } from './rest-client';
import {
  type WireHandler,
  type WireServer,
  closedPort,
  sendJson,
  startWireServer,
} from './testing/wire-server';

let server: WireServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

async function serve(
  handler: WireHandler,
  config: Partial<ConstructorParameters<typeof KubeClient>[0]> = {},
) {
  server = await startWireServer(handler);
  client = new KubeClient({ server: server.url, ...config });
  return { server, client };
}

const pod = (name: string, rv = '1'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: rv },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StatusError);
  return e as StatusError;
}

describe('KubeClient requests', () => {
  it('gets an object by its path, asking for JSON', async () => {
    const { server, client } = await serve((_req, res) => sendJson(res, 200, pod('web-1')));
    const got = await client.get<Pod>('pods', 'default', 'web-1');
    expect(got.metadata?.name).toBe('web-1');
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/web-1',
    });
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it('sends the token as a bearer header, or basic auth', async () => {
    const { server } = await serve((_req, res) => sendJson(res, 200, { items: [] }), { token: 'abc' });
    await client!.list('pods');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer abc');
    client!.close();
    client = new KubeClient({ server: server.url, username: 'admin', password: 'pw' });
    await client.list('nodes');
    expect(server.requests[1]!.headers.authorization).toBe(
      `Basic ${Buffer.from('admin:pw').toString('base64')}`,
    );
  });

  it('lists with selectors, limit and continue, and keeps the list resourceVersion', async () => {
    const { server, client } = await serve((req, res) =>
      sendJson(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '42' },
        items: [pod('a')],
      }),
    );
    const list = await client.list<Pod>('pods', 'default', {
      labelSelector: 'tier in (frontend),stack=prod',
      fieldSelector: 'spec.nodeName=n1',
      limit: 10,
    });
    expect(list.metadata?.resourceVersion).toBe('42');
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['a']);
    const q = server.requests[0]!.query;
    expect(q.get('labelSelector')).toBe('tier in (frontend),stack=prod');
    expect(q.get('fieldSelector')).toBe('spec.nodeName=n1');
    expect(q.get('limit')).toBe('10');
  });

  it('listAll follows continue tokens and answers the first page resourceVersion', async () => {
    const pages: Record<string, unknown> = {
      '': { metadata: { resourceVersion: '7', continue: 't1' }, items: [pod('a')] },
      t1: { metadata: { resourceVersion: '7', continue: 't2' }, items: [pod('b')] },
      t2: { metadata: { resourceVersion: '7' }, items: [pod('c')] },
    };
    const { server, client } = await serve((req, res) =>
      sendJson(res, 200, pages[req.query.get('continue') ?? '']),
    );
    const all = await client.listAll<Pod>('pods', undefined, { limit: 1 });
    expect(all.items.map((p) => p.metadata?.name)).toEqual(['a', 'b', 'c']);
    expect(all.metadata?.resourceVersion).toBe('7');
    expect(all.metadata?.continue).toBeUndefined();
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/pods', '/api/v1/pods', '/api/v1/pods']);
    expect(server.requests.map((r) => r.query.get('limit'))).toEqual(['1', '1', '1']);
  });

  it('creates, updates and patches with the right verbs, paths and content types', async () => {
    const { server, client } = await serve((req, res) =>
      sendJson(res, req.method === 'POST' ? 201 : 200, pod('p')),
    );
    await client.create('pods', 'default', pod('p'), { dryRun: true });
    await client.update('pods', 'default', pod('p', '5'));
    await client.patch('pods', 'default', 'p', 'merge', { metadata: { labels: { a: 'b' } } });
    await client.patch('pods', 'default', 'p', 'json', [{ op: 'remove', path: '/metadata/labels/a' }]);
    await client.patch('pods', 'default', 'p', 'strategic', { spec: {} });
    await client.patch('pods', 'default', 'p', 'apply', pod('p'), { force: true });
    const seen = server.requests.map((r) => [
      r.method,
      r.path,
      r.headers['content-type'],
      r.query.toString(),
    ]);
    expect(seen).toEqual([
      ['POST', '/api/v1/namespaces/default/pods', 'application/json', 'dryRun=All'],
      ['PUT', '/api/v1/namespaces/default/pods/p', 'application/json', ''],
      ['PATCH', '/api/v1/namespaces/default/pods/p', 'application/merge-patch+json', ''],
      ['PATCH', '/api/v1/namespaces/default/pods/p', 'application/json-patch+json', ''],
      ['PATCH', '/api/v1/namespaces/default/pods/p', 'application/strategic-merge-patch+json', ''],
      [
        'PATCH',
        '/api/v1/namespaces/default/pods/p',
        'application/apply-patch+yaml',
        'fieldManager=k8ts&force=true',
      ],
    ]);
    expect(JSON.parse(server.requests[1]!.body).metadata.resourceVersion).toBe('5');
  });

  it('deletes with DeleteOptions in the body and deleteCollection with selectors', async () => {
    const { server, client } = await serve((_req, res) =>
      sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' }),
    );
    await client.delete('pods', 'default', 'p', {
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
      preconditions: { uid: 'u1' },
    });
    await client.delete('nodes', undefined, 'n1');
    await client.deleteCollection('pods', 'ns1', { labelSelector: 'app=web' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
      preconditions: { uid: 'u1' },
    });
    expect(server.requests[1]).toMatchObject({ method: 'DELETE', path: '/api/v1/nodes/n1', body: '' });
    expect(server.requests[2]).toMatchObject({ method: 'DELETE', path: '/api/v1/namespaces/ns1/pods' });
    expect(server.requests[2]!.query.get('labelSelector')).toBe('app=web');
  });

  it('binds, updates status and scales through subresources', async () => {
    const { server, client } = await serve((req, res) =>
      sendJson(res, 200, req.path.endsWith('/scale') ? { kind: 'Scale', spec: { replicas: 3 } } : pod('p')),
    );
    await client.bind('default', 'p', 'node-1');
    await client.updateStatus('pods', 'default', { ...pod('p'), status: { phase: 'Running' } });
    const scale = await client.getScale('replicationcontrollers', 'default', 'rc');
    await client.patchScale('replicationcontrollers', 'default', 'rc', 5);
    expect(scale.spec?.replicas).toBe(3);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/namespaces/default/pods/p/binding',
      'PUT /api/v1/namespaces/default/pods/p/status',
      'GET /api/v1/namespaces/default/replicationcontrollers/rc/scale',
      'PATCH /api/v1/namespaces/default/replicationcontrollers/rc/scale',
    ]);
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({
      kind: 'Binding',
      metadata: { name: 'p' },
      target: { kind: 'Node', name: 'node-1' },
    });
    expect(JSON.parse(server.requests[3]!.body)).toEqual({ spec: { replicas: 5 } });
  });
});

describe('KubeClient errors', () => {
  it('turns a Status body into the same StatusError the server meant (404, 409, 422)', async () => {
    const invalid = errors.invalid('Pod', 'p', [fieldErrors.required('spec.containers[0].image')]);
    const answers: Record<string, StatusError> = {
      '/api/v1/namespaces/default/pods/missing': errors.notFound('pods', 'missing'),
      '/api/v1/namespaces/default/pods/stale': errors.conflict('pods', 'stale'),
      '/api/v1/namespaces/default/pods': invalid,
    };
    const { client } = await serve((req, res) => {
      const err = answers[req.path]!;
      sendJson(res, err.code, err.toStatus());
    });
    const notFound = await rejection(client.get('pods', 'default', 'missing'));
    expect(isNotFound(notFound)).toBe(true);
    expect(notFound.message).toBe('pods "missing" not found');
    const conflict = await rejection(client.update('pods', 'default', pod('stale')));
    expect(isConflict(conflict)).toBe(true);
    expect(conflict.code).toBe(409);
    const bad = await rejection(client.create('pods', 'default', pod('p')));
    expect(isInvalid(bad)).toBe(true);
    expect(bad.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
    ]);
  });

  it('keeps the code and the text of a non-JSON answer', async () => {
    const { client } = await serve((req, res) => {
      res.writeHead(req.path.endsWith('nope') ? 404 : 500, { 'Content-Type': 'text/plain' });
      res.end(req.path.endsWith('nope') ? '404 page not found' : 'database is locked');
    });
    const e500 = await rejection(client.create('pods', 'default', pod('p')));
    expect(e500).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(e500.message).toBe(
      'an error on the server ("database is locked") has prevented the request from succeeding (post pods)',
    );
    const e404 = await rejection(client.get('pods', 'default', 'nope'));
    expect(isNotFound(e404)).toBe(true);
    expect(e404.message).toBe('the server could not find the requested resource (get pods nope)');
  });

  it('reports a refused connection as 503 naming the server', async () => {
    const port = await closedPort();
    client = new KubeClient({ server: `http://127.0.0.1:${port}` });
    const e = await rejection(client.get('pods', 'default', 'x'));
    expect(e).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(e.message).toBe(`connection refused to http://127.0.0.1:${port}: is the apiserver running?`);
  });

  it('times out a request the server never answers', async () => {
    const { client } = await serve(() => undefined, { timeoutMs: 50 });
    const e = await rejection(client.get('pods', 'default', 'slow'));
    expect(e).toMatchObject({ code: 504, reason: 'Timeout' });
  });

  it('refuses a PUT of an object without a name', async () => {
    const { server, client } = await serve((_req, res) => sendJson(res, 200, {}));
    const e = await rejection(client.update('pods', 'default', { metadata: {} }));
    expect(e.code).toBe(400);
    expect(server.requests).toHaveLength(0);
  });
});

describe('KubeClient.fromKubeconfig', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the current context: server, token, CA data, namespace', async () => {
    const { server } = await serve((_req, res) => sendJson(res, 200, pod('x')));
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.crt'), 'PEM');
    const path = join(dir, 'config');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: dev',
        'contexts:',
        '- name: other',
        '  context: { cluster: c2, user: u2 }',
        '- name: dev',
        '  context: { cluster: local, user: admin, namespace: team-a }',
        'clusters:',
        '- name: local',
        `  cluster: { server: "${server.url}", certificate-authority: ca.crt }`,
        'users:',
        '- name: admin',
        '  user: { token: s3cret }',
      ].join('\n'),
    );
    const c = KubeClient.fromKubeconfig(path);
    client = c;
    expect(c.defaultNamespace).toBe('team-a');
    expect(c.config.ca?.toString()).toBe('PEM');
    await c.get('pods', 'team-a', 'x');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer s3cret');
  });

  it('says which context is missing', () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, 'current-context: nope\ncontexts: []\n');
    expect(() => KubeClient.fromKubeconfig(path)).toThrow(`kubeconfig ${path}: context "nope" not found`);
  });
});
