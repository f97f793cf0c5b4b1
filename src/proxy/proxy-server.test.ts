import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints, KubeObject, Service } from '../api/types';
import { FakeClient, SharedInformerFactory } from '../client';
import { FakeClock, sequentialIds } from '../util';
import { FakeProxier } from './fake-proxier';
import { ProxyMetrics } from './metrics';
import { ProxyServer } from './proxy-server';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const svc = (name: string, clusterIP: string, labels?: Record<string, string>): Service => ({
  metadata: { name, namespace: 'default', labels },
  spec: { clusterIP, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
});
const eps = (name: string, ...ips: string[]): Endpoints => ({
  metadata: { name, namespace: 'default' },
  subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function start(services: Service[], endpoints: Endpoints[], syncPeriodMs?: number) {
  const clock = new FakeClock();
  const client = new FakeClient({
    objects: [
      ...services.map((s): [string, KubeObject] => ['services', s as KubeObject]),
      ...endpoints.map((e): [string, KubeObject] => ['endpoints', e as KubeObject]),
    ],
    clock,
    ids: sequentialIds(),
  });
  const factory = new SharedInformerFactory(client, { clock });
  const proxier = new FakeProxier();
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const metrics = new ProxyMetrics();
  const server = new ProxyServer({ factory, proxier, clock, log, metrics, syncPeriodMs });
  const abort = new AbortController();
  const running = server.run(abort.signal);
  await factory.waitForCacheSync();
  await flush();
  stops.push(async () => {
    abort.abort();
    await running;
  });
  const step = async (ms: number) => {
    clock.step(ms);
    await flush();
  };
  const messages = () => lines.splice(0).map((l) => `${l.msg} ${l.service ?? ''}`.trim());
  return { clock, client, proxier, server, metrics, step, messages, abort, running };
}

describe('ProxyServer', () => {
  it('syncs the full state once the caches are filled and the debounce passed, and logs each rule', async () => {
    const { proxier, server, step, messages } = await start(
      [svc('web', '10.96.0.10'), svc('db', '10.96.0.11')],
      [eps('web', '10.244.1.2')],
    );
    expect(proxier.syncs).toEqual([]);
    expect(server.health().healthy).toBe(false);
    await step(100);
    expect(proxier.syncs).toEqual([{ services: ['default/db', 'default/web'], endpoints: ['default/web'] }]);
    expect(messages()).toEqual(['service port added default/db:http', 'service port added default/web:http']);
    expect(server.health()).toMatchObject({ healthy: true });
  });

  it('turns a burst of changes into one sync and logs only the rules that changed', async () => {
    const { client, proxier, step, messages } = await start(
      [svc('web', '10.96.0.10')],
      [eps('web', '10.244.1.2')],
    );
    await step(100);
    messages();
    await client.update('endpoints', 'default', eps('web', '10.244.1.2', '10.244.2.2') as KubeObject);
    await step(50);
    await client.update(
      'endpoints',
      'default',
      eps('web', '10.244.1.2', '10.244.2.2', '10.244.3.2') as KubeObject,
    );
    await client.create('services', 'default', svc('new', '10.96.0.12') as KubeObject);
    await step(100);
    expect(proxier.syncs).toHaveLength(2);
    expect(messages()).toEqual(['service port added default/new:http', 'endpoints changed default/web:http']);

    await client.update('services', 'default', svc('web', '10.96.0.10', { team: 'a' }) as KubeObject);
    await step(100);
    expect(proxier.syncs).toHaveLength(3);
    expect(messages()).toEqual([]);

    await client.delete('services', 'default', 'new');
    await step(100);
    expect(messages()).toEqual(['service port removed default/new:http']);
  });

  it('retries a failed sync with doubling back-off; healthz waits for the first success', async () => {
    const { proxier, server, metrics, step, messages } = await start([svc('web', '10.96.0.10')], []);
    proxier.failNext = 2;
    await step(100);
    expect(proxier.syncs).toHaveLength(1);
    expect(server.health()).toEqual({ healthy: false, reason: 'no successful sync yet' });
    await step(499);
    expect(proxier.syncs).toHaveLength(1);
    await step(1);
    expect(proxier.syncs).toHaveLength(2);
    await step(999);
    expect(proxier.syncs).toHaveLength(2);
    await step(1);
    expect(proxier.syncs).toHaveLength(3);
    expect(messages()).toEqual([
      'sync of proxy rules failed; retrying',
      'sync of proxy rules failed; retrying',
      'service port added default/web:http',
    ]);
    expect(server.health().healthy).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toContain('k8ts_proxy_sync_total{result="error"} 2');
    expect(text).toContain('k8ts_proxy_sync_total{result="ok"} 1');
    expect(text).toContain('k8ts_proxy_service_ports 1');
  });

  it('reports unhealthy when a change has not been synced within the health timeout', async () => {
    const { client, proxier, server, step } = await start([svc('web', '10.96.0.10')], []);
    await step(100);
    proxier.failNext = 100;
    await client.create('endpoints', 'default', eps('web', '10.244.1.2') as KubeObject);
    await step(59_000);
    expect(server.health().healthy).toBe(true);
    await step(2_000);
    expect(server.health()).toMatchObject({
      healthy: false,
      reason: 'changes waiting for 61 s to be synced',
    });
    proxier.failNext = 0;
    await step(30_000);
    expect(server.health().healthy).toBe(true);
  });

  it('stops syncing when aborted', async () => {
    const { client, proxier, step, abort, running } = await start([svc('web', '10.96.0.10')], []);
    await step(100);
    abort.abort();
    await running;
    await client.create('services', 'default', svc('late', '10.96.0.13') as KubeObject);
    await step(1000);
    expect(proxier.syncs).toHaveLength(1);
  });

  it('forces a resync one sync period after the last successful sync, silently, and retries it if it fails', async () => {
    const { client, proxier, step, messages } = await start([svc('web', '10.96.0.10')], [], 30_000);
    await step(100);
    messages();
    const resyncs = () => proxier.syncs.filter((s) => s.resync).length;
    await step(29_999);
    expect(proxier.syncs).toHaveLength(1);
    await step(1);
    expect(proxier.syncs).toHaveLength(2);
    expect(proxier.syncs[1]).toEqual({ services: ['default/web'], endpoints: [], resync: true });
    expect(messages()).toEqual([]);

    // A change syncs normally and restarts the countdown.
    await step(10_000);
    await client.create('endpoints', 'default', eps('web', '10.244.1.2') as KubeObject);
    await step(100);
    expect(proxier.syncs.at(-1)).toEqual({ services: ['default/web'], endpoints: ['default/web'] });
    expect(messages()).toEqual(['endpoints changed default/web:http']);
    await step(29_999);
    expect(resyncs()).toBe(1);
    proxier.failNext = 1;
    await step(1);
    expect(resyncs()).toBe(2);
    await step(500);
    expect(resyncs()).toBe(3);
    expect(messages()).toEqual(['sync of proxy rules failed; retrying']);
  });
});
