import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler, isDashboardPath } from './static-files';

let dir: string;
let base: string;
let server: http.Server;

function serve(root: string): Promise<{ server: http.Server; url: string }> {
  const handler = createDashboardHandler(root);
  const s = http.createServer((req, res) => void handler(req, res));
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }),
    ),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-dashboard-static-'));
  mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>k8ts</title>');
  writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'dist', 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
  ({ server, url: base } = await serve(path.join(dir, 'dist')));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard static files', () => {
  it('claims /ui and everything under /ui/ only', () => {
    expect(isDashboardPath('/ui')).toBe(true);
    expect(isDashboardPath('/ui/assets/x.js')).toBe(true);
    expect(isDashboardPath('/uix')).toBe(false);
    expect(isDashboardPath('/api/v1/pods')).toBe(false);
  });

  it('redirects /ui to /ui/', async () => {
    const res = await fetch(`${base}/ui`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/ui/');
  });

  it('serves index.html, revalidated on every load', async () => {
    const res = await fetch(`${base}/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>k8ts</title>');
    const again = await fetch(`${base}/ui/`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves hashed assets with their type, cached for a year', async () => {
    const js = await fetch(`${base}/ui/assets/index-abc.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${base}/ui/assets/index-abc.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers app routes with index.html but a missing asset with 404', async () => {
    const route = await fetch(`${base}/ui/pods/default/web-1`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>k8ts</title>');
    expect((await fetch(`${base}/ui/assets/gone.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    for (const p of ['/ui/../secret.txt', '/ui/%2e%2e/secret.txt', '/ui/..%2fsecret.txt']) {
      const res = await fetch(`${base}${p}`);
      expect(await res.text()).not.toContain('outside the root');
    }
  });

  it('refuses writes', async () => {
    const res = await fetch(`${base}/ui/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
  });

  it('says how to build the dashboard when it is not built', async () => {
    const { server: s, url } = await serve(path.join(dir, 'missing'));
    try {
      const res = await fetch(`${url}/ui/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('scripts/build-ui.ts');
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
