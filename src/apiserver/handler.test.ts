import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBE_VERSION } from '../api/version';
import { createRegistry, type K8tsRegistry } from '../registry';
import { MemoryStore } from '../storage/memory';
import { FakeClock, rootLogger, sequentialIds } from '../util';
import { createApiHandler, type ApiHandler } from './handler';

const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const NS = '/api/v1/namespaces/default';
const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra },
});

let server: http.Server;
let registry: K8tsRegistry;
let handler: ApiHandler;
let clock: FakeClock;
let base = '';

beforeAll(async () => {
  clock = new FakeClock();
  registry = await createRegistry({
    store: new MemoryStore(),
    clock,
    ids: sequentialIds(),
    watchCacheWindow: 3,
  });
  handler = createApiHandler({ registry, clock, log: rootLogger });
  server = http.createServer(handler.request);
  server.on('upgrade', handler.upgrade);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  handler.endStreams();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await registry.close();
});

const post = (path: string, body: unknown, contentType = 'application/json') =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Reads newline-separated watch events from a streaming response until `count` have arrived. */
async function readEvents(res: Response, count: number): Promise<{ type: string; object: any }[]> {
  const reader = res.body!.getReader();
  const events: { type: string; object: any }[] = [];
  let buf = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += Buffer.from(value).toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
    }
  }
  await reader.cancel();
  return events;
}

describe('apiserver handler', () => {
  it('serves version, health and legacy discovery as kubectl reads them', async () => {
    expect(await (await fetch(`${base}/version`)).json()).toEqual(KUBE_VERSION);
    expect(await (await fetch(`${base}/readyz`)).text()).toBe('ok');
    expect(await (await fetch(`${base}/livez/ping`)).text()).toBe('ok');
    expect((await fetch(`${base}/healthzz`)).status).toBe(404);
    const groups = (await (await fetch(`${base}/apis`)).json()) as { kind: string; groups: unknown[] };
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups).toContainEqual({
      name: 'authorization.k8s.io',
      versions: [{ groupVersion: 'authorization.k8s.io/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'authorization.k8s.io/v1', version: 'v1' },
    });
    expect(await (await fetch(`${base}/api`)).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const list = (await (await fetch(`${base}/api/v1`)).json()) as {
      resources: { name: string; shortNames?: string[]; group?: string; kind: string }[];
    };
    const byName = new Map(list.resources.map((r) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ shortNames: ['po'], categories: ['all'], namespaced: true });
    expect(byName.get('replicationcontrollers/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(byName.get('pods/exec')).toMatchObject({ kind: 'PodExecOptions' });
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
  });

  it('serves the review groups under /apis and answers reviews on the insecure port as system:unsecured', async () => {
    expect(await (await fetch(`${base}/apis/authentication.k8s.io`)).json()).toMatchObject({
      kind: 'APIGroup',
      name: 'authentication.k8s.io',
      preferredVersion: { version: 'v1' },
    });
    expect(await (await fetch(`${base}/apis/authorization.k8s.io/v1`)).json()).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'authorization.k8s.io/v1',
      resources: [
        {
          name: 'selfsubjectaccessreviews',
          singularName: 'selfsubjectaccessreview',
          namespaced: false,
          kind: 'SelfSubjectAccessReview',
          verbs: ['create'],
        },
        {
          name: 'selfsubjectrulesreviews',
          singularName: 'selfsubjectrulesreview',
          namespaced: false,
          kind: 'SelfSubjectRulesReview',
          verbs: ['create'],
        },
      ],
    });
    expect((await fetch(`${base}/apis/apps/v1`)).status).toBe(404);
    expect((await fetch(`${base}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`)).status).toBe(405);

    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'nodes' } },
    };
    const can = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review);
    expect(can.status).toBe(201);
    expect(await can.json()).toEqual({ ...review, metadata: {}, status: { allowed: true } });
    const bad = await post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { ...review, spec: {} });
    expect(bad.status).toBe(422);
    const rules = await post('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      spec: { namespace: 'default' },
    });
    expect(rules.status).toBe(201);
    expect(await rules.json()).toMatchObject({
      kind: 'SelfSubjectRulesReview',
      status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], incomplete: false },
    });
    const who = await post('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    expect(who.status).toBe(201);
    expect(await who.json()).toMatchObject({
      status: {
        userInfo: { username: 'system:unsecured', groups: ['system:masters', 'system:authenticated'] },
      },
    });
  });

  it('creates from YAML (201), reads back as JSON and as a one-row Table', async () => {
    const yaml =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: y1\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    const created = await post(`${NS}/pods`, yaml, 'application/yaml');
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    const got = (await (await fetch(`${base}${NS}/pods/y1`)).json()) as { metadata: { uid: string } };
    expect(got.metadata.uid).toBeTruthy();
    const table = (await (await fetch(`${base}${NS}/pods/y1`, { headers: { Accept: TABLE } })).json()) as any;
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'y1' } });
  });

  it('lists as a Table with the full object for includeObject=Object, and plain JSON otherwise', async () => {
    await post(`${NS}/pods`, pod('t1'));
    const table = (await (
      await fetch(`${base}${NS}/pods?includeObject=Object`, { headers: { Accept: TABLE } })
    ).json()) as any;
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
    const row = table.rows.find((r: any) => r.object.metadata.name === 't1');
    expect(row.object).toMatchObject({ kind: 'Pod', spec: { containers: [{ name: 'c' }] } });
    const list = (await (
      await fetch(`${base}${NS}/pods`, {
        headers: { Accept: 'application/vnd.kubernetes.protobuf,application/json' },
      })
    ).json()) as any;
    expect(list.kind).toBe('PodList');
  });

  it('warns about unknown fields by default and drops them', async () => {
    const res = await post(`${NS}/pods`, pod('warned', { frobnicate: true }));
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.frobnicate\\""');
    expect(((await res.json()) as any).spec.frobnicate).toBeUndefined();
    const strict = await post(`${NS}/pods?fieldValidation=Strict`, pod('strict', { frobnicate: true }));
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as any).message).toBe(
      'strict decoding error: unknown field "spec.frobnicate"',
    );
  });

  it('does not store a dry run', async () => {
    const res = await post(`${NS}/pods?dryRun=All`, pod('dry'));
    expect(res.status).toBe(201);
    expect((await fetch(`${base}${NS}/pods/dry`)).status).toBe(404);
  });

  it('streams watch events as they happen, each a one-row Table with columns only in the first', async () => {
    const res = await fetch(`${base}${NS}/pods?watch=true&labelSelector=app%3Dw1`, {
      headers: { Accept: TABLE },
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    const events = readEvents(res, 2);
    await post(`${NS}/pods`, pod('w1'));
    await fetch(`${base}${NS}/pods/w1`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { extra: 'x' } } }),
    });
    const got = await events;
    expect(got.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(got[0]!.object.kind).toBe('Table');
    expect(got[0]!.object.columnDefinitions.length).toBeGreaterThan(0);
    expect(got[1]!.object.columnDefinitions ?? []).toEqual([]);
  });

  it('watches one object through the legacy /watch/ path', async () => {
    await post(`${NS}/pods`, pod('single'));
    await post(`${NS}/pods`, pod('other'));
    const res = await fetch(`${base}/api/v1/watch/namespaces/default/pods/single`);
    const [first] = await readEvents(res, 1);
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'single' } } });
  });

  it('ends a watch after timeoutSeconds, and every watch when draining', async () => {
    const rv = ((await (await fetch(`${base}${NS}/pods`)).json()) as any).metadata.resourceVersion;
    const timed = await fetch(`${base}${NS}/pods?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    expect(timed.status).toBe(200);
    clock.step(1000);
    expect(await timed.text()).toBe('');
    const draining = await fetch(`${base}${NS}/pods?watch=true&resourceVersion=${rv}`);
    handler.endStreams();
    expect(await draining.text()).toBe('');
  });

  it('reports a revision older than the watch window as an ERROR event with 410 Expired', async () => {
    for (const n of ['c1', 'c2', 'c3', 'c4', 'c5']) await post(`${NS}/pods`, pod(n));
    const res = await fetch(`${base}${NS}/pods?watch=true&resourceVersion=2`);
    expect(res.status).toBe(200);
    const [event] = await readEvents(res, 1);
    expect(event).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('answers unknown paths with 404 and wrong methods with 405, as Status', async () => {
    const missing = await fetch(`${base}/api/v1/widgets`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    expect((await fetch(`${base}/openapi/v4`)).status).toBe(404);
    const put = await fetch(`${base}${NS}/pods`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(await put.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
  });

  it('serves /openapi/v2 (kubectl validates the items of a kind: List against it) without definitions', async () => {
    const res = await fetch(`${base}/openapi/v2`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ swagger: '2.0', definitions: {} });
    expect((await fetch(`${base}/openapi/v2`, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('explains why the logs of a pod on an unknown node cannot be fetched', async () => {
    await post(`${NS}/pods`, pod('bound', { nodeName: 'n1' }));
    const res = await fetch(`${base}${NS}/pods/bound/log`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).message).toBe('nodes "n1" not found');
  });
});
