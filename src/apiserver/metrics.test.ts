import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../storage/memory';
import { ApiServerMetrics, requestInfo } from './metrics';

describe('requestInfo', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'list', 'pods', ''],
    ['GET', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=5', 'watch', 'pods', ''],
    ['GET', '/api/v1/pods?watch=1', 'watch', 'pods', ''],
    ['GET', '/api/v1/namespaces/default/pods/web', 'get', 'pods', ''],
    ['GET', '/api/v1/namespaces/default/pods/web/log?follow=true', 'get', 'pods', 'log'],
    ['POST', '/api/v1/namespaces/default/pods', 'create', 'pods', ''],
    ['POST', '/api/v1/namespaces/default/pods/web/binding', 'create', 'pods', 'binding'],
    ['GET', '/api/v1/namespaces/default/pods/web/exec?command=ls', 'connect', 'pods', 'exec'],
    ['PUT', '/api/v1/nodes/n1/status', 'update', 'nodes', 'status'],
    [
      'PATCH',
      '/api/v1/namespaces/default/replicationcontrollers/rc/scale',
      'patch',
      'replicationcontrollers',
      'scale',
    ],
    ['DELETE', '/api/v1/namespaces/default/pods', 'deletecollection', 'pods', ''],
    ['DELETE', '/api/v1/namespaces/kube-system', 'delete', 'namespaces', ''],
    ['GET', '/api/v1/namespaces', 'list', 'namespaces', ''],
    ['GET', '/healthz', 'get', '', ''],
  ])('%s %s → %s %s %s', (method, url, verb, resource, subresource) => {
    expect(requestInfo(method, url)).toEqual({ verb, resource, subresource });
  });
});

describe('ApiServerMetrics.observe', () => {
  const exchange = (method: string, url: string) => {
    const req = { method, url } as IncomingMessage;
    const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as ServerResponse;
    return { req, res };
  };
  const sample = (text: string, line: string) =>
    Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

  it('records a request once, with the code it ended with, when its response closes', async () => {
    let now = 0;
    const metrics = new ApiServerMetrics(() => now);
    const { req, res } = exchange('POST', '/api/v1/namespaces/default/pods');
    metrics.observe(req, res);
    now = 30;
    res.statusCode = 201;
    res.emit('close');
    const text = (await metrics.text()).body;
    const labels = 'verb="create",resource="pods",subresource="",code="201"';
    expect(sample(text, `k8ts_apiserver_request_total{${labels}}`)).toBe(1);
    expect(sample(text, 'k8ts_apiserver_request_duration_seconds_sum{verb="create",resource="pods"}')).toBe(
      0.03,
    );
  });

  it('counts a watch as long-running while it is open, and not in the latency histogram', async () => {
    const metrics = new ApiServerMetrics();
    const { req, res } = exchange('GET', '/api/v1/pods?watch=true');
    metrics.observe(req, res);
    const open = 'k8ts_apiserver_long_running_requests{verb="watch",resource="pods"}';
    expect(sample((await metrics.text()).body, open)).toBe(1);
    res.emit('close');
    const text = (await metrics.text()).body;
    expect(sample(text, open)).toBe(0);
    expect(text).not.toMatch(/request_duration_seconds_count\{verb="watch"/);
  });
});

describe('ApiServerMetrics.instrumentStore', () => {
  it('times each operation by result and leaves the store working', async () => {
    const metrics = new ApiServerMetrics();
    const store = metrics.instrumentStore(new MemoryStore());
    await store.create('/registry/a', 'x');
    await expect(store.create('/registry/a', 'y')).rejects.toThrow();
    expect((await store.get('/registry/a'))?.value).toBe('x');
    const text = (await metrics.text()).body;
    expect(text).toMatch(/k8ts_apiserver_storage_duration_seconds_count\{operation="create",result="ok"\} 1/);
    expect(text).toMatch(
      /k8ts_apiserver_storage_duration_seconds_count\{operation="create",result="error"\} 1/,
    );
    expect(text).toMatch(/k8ts_apiserver_storage_duration_seconds_count\{operation="get",result="ok"\} 1/);
    await store.close();
  });
});

describe('GET /metrics on a running apiserver', () => {
  it('counts the requests a client made, by verb, resource and code', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { startApiServer } = await import('./server');
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-metrics-'));
    const server = await startApiServer({ store: 'sqlite', dataDir: dir, insecurePort: 0 });
    try {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metrics-test' } };
      const post = (body: object) =>
        fetch(`${server.url}/api/v1/namespaces`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post(ns)).status).toBe(201);
      expect((await post(ns)).status).toBe(409);
      expect((await fetch(`${server.url}/api/v1/namespaces/metrics-test/pods`)).status).toBe(200);
      const res = await fetch(`${server.url}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const count = (labels: string) =>
        Number(new RegExp(`^k8ts_apiserver_request_total\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      expect(count('verb="create",resource="namespaces",subresource="",code="201"')).toBe(1);
      expect(count('verb="create",resource="namespaces",subresource="",code="409"')).toBe(1);
      expect(count('verb="list",resource="pods",subresource="",code="200"')).toBe(1);
      expect(text).toMatch(
        /k8ts_apiserver_request_duration_seconds_count\{verb="create",resource="namespaces"\} 2/,
      );
      expect(text).toMatch(
        /k8ts_apiserver_storage_duration_seconds_count\{operation="create",result="ok"\} \d+/,
      );
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
