import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../util';
import { type HealthServer, startHealthServer } from './health-server';
import { ProxyMetrics } from './metrics';
import type { ProxyHealth } from './proxy-server';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(health: ProxyHealth) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12));
  const metrics = new ProxyMetrics();
  server = await startHealthServer({ host: '127.0.0.1', port: 0, health: () => health, metrics, clock });
  const get = async (path: string) => {
    const res = await fetch(`http://${server!.address}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };
  return { metrics, get };
}

describe('health server', () => {
  it('answers 503 with the reason before the first sync', async () => {
    const { get } = await serve({ healthy: false, reason: 'no successful sync yet' });
    const res = await get('/healthz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      lastUpdated: '',
      currentTime: '2026-01-01T12:00:00Z',
      reason: 'no successful sync yet',
    });
  });

  it('answers 200 with the last sync time once healthy', async () => {
    const { get } = await serve({ healthy: true, lastSyncMs: Date.UTC(2026, 0, 1, 11, 59, 30) });
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      lastUpdated: '2026-01-01T11:59:30Z',
      currentTime: '2026-01-01T12:00:00Z',
    });
  });

  it('serves the proxy registry in the Prometheus text format, and 404 elsewhere', async () => {
    const { metrics, get } = await serve({ healthy: true, lastSyncMs: 0 });
    metrics.syncs.inc({ result: 'ok' });
    metrics.activeConnections.inc({ protocol: 'TCP' });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    expect(res.body).toContain('k8ts_proxy_sync_total{result="ok"} 1');
    expect(res.body).toContain('k8ts_proxy_active_connections{protocol="TCP"} 1');
    expect(res.body).not.toContain('process_cpu'); // not the global registry
    expect((await get('/nope')).status).toBe(404);
  });
});
