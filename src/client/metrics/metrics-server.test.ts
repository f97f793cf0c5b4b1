import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleValue, scrape } from '../testing/metrics-text';
import { startMetricsServer, type MetricsServer } from './metrics-server';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startMetricsServer', () => {
  it('serves the registry at /metrics and ok at /healthz on 127.0.0.1', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'k8ts_test_total', help: 'test', registers: [registry] });
    c.inc(3);
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const metrics = await scrape(server.address);
    expect(metrics.status).toBe(200);
    expect(sampleValue(metrics.body, 'k8ts_test_total')).toBe(3);
    expect(await scrape(server.address, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect((await scrape(server.address, '/nope')).status).toBe(404);
  });

  it('answers 500 with the reason when unhealthy', async () => {
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry: new Registry(),
      unhealthy: () => 'caches not synced',
    });
    expect(await scrape(server.address, '/healthz')).toEqual({ status: 500, body: 'caches not synced' });
  });

  it('answers /healthz with the component’s own code, type and body when given', async () => {
    server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry: new Registry(),
      healthz: () => ({ status: 503, contentType: 'application/json', body: '{"reason":"no sync yet"}' }),
    });
    const res = await fetch(`http://${server.address}/healthz`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      503,
      'application/json',
      '{"reason":"no sync yet"}',
    ]);
    expect(server.port).toBe(Number(server.address.split(':')[1]));
  });

  it('names the flags it is given when the port is taken', async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: new Registry() });
    await expect(
      startMetricsServer({
        host: '127.0.0.1',
        port: server.port,
        registry: new Registry(),
        flags: '--healthz-bind-address',
      }),
    ).rejects.toThrow(/EADDRINUSE.*: choose another --healthz-bind-address$/);
  });

  it('says which address and flag when the port is taken', async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: new Registry() });
    const port = Number(server.address.split(':')[1]);
    await expect(startMetricsServer({ host: '127.0.0.1', port, registry: new Registry() })).rejects.toThrow(
      new RegExp(
        `cannot serve /metrics and /healthz on 127.0.0.1:${port} \\(listen EADDRINUSE.*choose another --port`,
      ),
    );
  });
});
