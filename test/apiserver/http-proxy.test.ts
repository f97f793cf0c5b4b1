// The apiserver's proxy to pods and services (/pods/NAME:PORT/proxy/..., /services/NAME:PORT/proxy/...),
// with the real kubectl's `get --raw` and plain HTTP: a loopback server stands in for the pod, its address
// put in the pod's status and in the service's endpoints as a kubelet and the endpoints controller would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

describe('the apiserver proxies HTTP to pods and services', () => {
  let t: TestServer;
  let backend: http.Server;
  let port = 0;
  const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];
  const api = (path: string, init?: RequestInit) => fetch(`${t.url}/api/v1/namespaces/default${path}`, init);
  const json = (method: string, path: string, body: unknown, type = 'application/json') =>
    api(path, { method, headers: { 'Content-Type': type }, body: JSON.stringify(body) });

  beforeAll(async () => {
    backend = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'X-Backend': 'web' });
        res.end(`${req.method} ${req.url} ${body}`);
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    port = (backend.address() as AddressInfo).port;
    t = await startTestServer('sqlite', inject('etcdEndpoints'));
    const container = { name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: port }] };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [container] },
    };
    expect((await json('POST', '/pods', pod)).status).toBe(201);
    const status = { status: { phase: 'Running', podIP: '127.0.0.1' } };
    expect((await json('PATCH', '/pods/web/status', status, 'application/merge-patch+json')).status).toBe(
      200,
    );
    const noIp = { ...pod, metadata: { name: 'pending' } };
    expect((await json('POST', '/pods', noIp)).status).toBe(201);
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: port }] },
    };
    expect((await json('POST', '/services', svc)).status).toBe(201);
    const endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port }] }],
    };
    expect((await json('POST', '/endpoints', endpoints)).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => backend?.close(r));
  });

  it('reaches a pod by port number, port name or its first container port, path and query as sent', async () => {
    for (const name of [`web:${port}`, 'web:http', 'web']) {
      const res = await api(`/pods/${name}/proxy/a/b%20c/?x=1&y=2`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-backend')).toBe('web');
      expect(await res.text()).toBe('GET /a/b%20c/?x=1&y=2 ');
    }
    expect(await (await api('/pods/web/proxy')).text()).toBe('GET / ');
  });

  it('reaches a service through its endpoints, any method with its body; the backend’s status comes back', async () => {
    const res = await api('/services/web:http/proxy/echo', { method: 'POST', body: 'hello' });
    expect(await res.text()).toBe('POST /echo hello');
    expect((await api('/services/web/proxy/missing')).status).toBe(404);
    const r = await t.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web:80/proxy/raw']);
    expect(r).toMatchObject({ code: 0, stdout: 'GET /raw ' });
    expect(seen.every((s) => s.authorization === undefined)).toBe(true);
  });

  it('says why it cannot: no IP yet, nothing listening, no such port, no endpoints, not HTTP', async () => {
    const status = async (path: string) => {
      const res = await api(path);
      return { code: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await status('/pods/pending/proxy/')).toEqual({
      code: 503,
      message: 'pod pending has no IP address yet',
    });
    expect(await status('/pods/web:1/proxy/')).toEqual({
      code: 503,
      message: 'error trying to reach service: dial tcp 127.0.0.1:1: connect: connection refused',
    });
    expect(await status('/pods/web:nope/proxy/')).toEqual({
      code: 400,
      message: 'pod web has no container port named "nope"',
    });
    expect(await status('/services/web:9999/proxy/')).toMatchObject({ code: 400 });
    expect(await status('/pods/https:web:443/proxy/')).toMatchObject({ code: 400 });
    expect(await status('/pods/ghost/proxy/')).toMatchObject({ code: 404 });
    await json('PUT', '/endpoints/web', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web' },
      subsets: [],
    });
    expect(await status('/services/web/proxy/')).toEqual({
      code: 503,
      message: 'no endpoints available for service "web"',
    });
  });
});
