import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pod, PodList, Status } from '../../api/types';
import { KubeletHttpSource } from './http-server';
import { CONFIG_SOURCE_ANNOTATION } from './static-pod';
import { manifestYaml, namesOf, podYaml, UpdateRecorder } from './testing';

let source: KubeletHttpSource;
let rec: UpdateRecorder;
let server: Server;
let base: string;

beforeAll(async () => {
  // The kubelet's server offers each request to the source first; anything else is its own.
  server = createServer((req, res) => {
    if (!source.handle(req, res)) res.writeHead(404).end('not ours');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  source = new KubeletHttpSource({ nodeName: 'node-1' });
  rec = new UpdateRecorder();
  source.start(rec.emit);
});

async function call<T>(method: string, path: string, body?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, { method, body });
  return { status: res.status, body: (await res.json()) as T };
}

describe('KubeletHttpSource', () => {
  it('starts with no pods', async () => {
    expect(await rec.next()).toEqual({ source: 'server', pods: [], errors: [] });
    expect((await call<PodList>('GET', '/pods')).body).toEqual({
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: {},
      items: [],
    });
  });

  it('POST /pods takes a manifest (YAML) or a pod (JSON) and GET /pods lists them', async () => {
    await rec.next();
    const created = await call<Pod>('POST', '/pods', manifestYaml('web'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'web-node-1', namespace: 'default' });
    expect(created.body.metadata!.annotations![CONFIG_SOURCE_ANNOTATION]).toBe('server');
    expect(namesOf(await rec.next())).toEqual(['web-node-1']);

    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db', namespace: 'data' },
      spec: { containers: [{ name: 'm', image: 'busybox' }] },
    });
    expect((await call<Pod>('POST', '/pods', json)).status).toBe(201);
    expect(namesOf(await rec.next())).toEqual(['db-node-1', 'web-node-1']);

    const list = await call<PodList>('GET', '/pods');
    expect(list.body.items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`)).toEqual([
      'default/web-node-1',
      'data/db-node-1',
    ]);
  });

  it('POST of a pod with a name already posted replaces it with 200', async () => {
    await call('POST', '/pods', podYaml('web'));
    const again = await call<Pod>('POST', '/pods', podYaml('web', 'busybox:2'));
    expect(again.status).toBe(200);
    const items = (await call<PodList>('GET', '/pods')).body.items;
    expect(items.map((p) => p.spec!.containers[0]!.image)).toEqual(['busybox:2']);
  });

  it('refuses bad input with a Status and reports it, keeping the pods it has', async () => {
    await call('POST', '/pods', podYaml('web'));
    const invalid = await call<Status>(
      'POST',
      '/pods',
      'version: v1beta1\nid: web\ncontainers:\n  - image: busybox\n',
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    expect(invalid.body.message).toContain('containers[0].name: Required value');
    const unreadable = await call<Status>('POST', '/pods', '{ not: yaml: at all');
    expect(unreadable.status).toBe(400);
    const two = await call<Status>('POST', '/pods', `${podYaml('a')}---\n${podYaml('b')}`);
    expect(two.body.message).toBe('POST /pods: expected one manifest or pod, got 2');
    const last = rec.updates.at(-1)!;
    expect(namesOf(last)).toEqual(['web-node-1']);
    expect(last.errors[0]).toMatchObject({ source: 'server', origin: 'POST /pods' });
  });

  it('DELETE /pods/<ns>/<name> stops a pod, by its static or manifest name', async () => {
    await call('POST', '/pods', podYaml('a'));
    await call('POST', '/pods', podYaml('b'));
    const gone = await call<Pod>('DELETE', '/pods/default/a-node-1');
    expect(gone.status).toBe(200);
    expect(gone.body.metadata!.name).toBe('a-node-1');
    expect((await call('DELETE', '/pods/default/b')).status).toBe(200);
    expect(namesOf(rec.updates.at(-1)!)).toEqual([]);
    const missing = await call<Status>('DELETE', '/pods/default/b');
    expect(missing).toMatchObject({
      status: 404,
      body: { reason: 'NotFound', message: 'pods "b" not found' },
    });
  });

  it('leaves other paths to the server and refuses other methods', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
    expect((await call<Status>('PUT', '/pods', '')).status).toBe(405);
    expect((await call<Status>('GET', '/pods/default/a')).status).toBe(405);
  });
});
