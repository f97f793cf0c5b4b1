import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, type K8tsRegistry } from '../registry';
import { MemoryStore } from '../storage/memory';
import { FakeClock, rootLogger } from '../util';
import { createApiHandler } from './handler';

describe('/healthz, /livez and /readyz', () => {
  let server: http.Server;
  let registry: K8tsRegistry;
  let base = '';
  let store: 'up' | 'down' | 'stuck' = 'up';
  const check = () =>
    store === 'up'
      ? Promise.resolve()
      : store === 'down'
        ? Promise.reject(new Error('etcd: no leader'))
        : new Promise<void>(() => {});

  beforeAll(async () => {
    registry = await createRegistry({ store: new MemoryStore(), clock: new FakeClock() });
    const handler = createApiHandler({
      registry,
      clock: new FakeClock(),
      log: rootLogger.child({ level: 'silent' }),
      readiness: [{ name: 'etcd', check }],
    });
    server = http.createServer(handler.request);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await registry.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { code: res.status, text: await res.text() };
  };

  it('answers ok, or every check by name with ?verbose', async () => {
    store = 'up';
    expect(await get('/readyz')).toEqual({ code: 200, text: 'ok' });
    expect(await get('/readyz?verbose')).toEqual({
      code: 200,
      text: '[+]ping ok\n[+]etcd ok\nreadyz check passed\n',
    });
    expect(await get('/livez?verbose')).toEqual({ code: 200, text: '[+]ping ok\nlivez check passed\n' });
    expect(await get('/readyz/etcd')).toEqual({ code: 200, text: 'ok' });
    expect((await get('/readyz/nope')).code).toBe(404);
  });

  it('is not ready without its store, and still alive', async () => {
    store = 'down';
    try {
      expect(await get('/readyz')).toEqual({
        code: 500,
        text: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n',
      });
      expect(await get('/readyz/etcd')).toEqual({
        code: 500,
        text: 'internal server error: etcd check failed',
      });
      expect(await get('/readyz?exclude=etcd')).toEqual({ code: 200, text: 'ok' });
      expect(await get('/healthz')).toEqual({ code: 200, text: 'ok' });
      expect(await get('/livez')).toEqual({ code: 200, text: 'ok' });
    } finally {
      store = 'up';
    }
  });

  it('counts a store that does not answer within 2 s as not ready', async () => {
    store = 'stuck';
    try {
      const started = Date.now();
      expect((await get('/readyz')).code).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      store = 'up';
    }
  });
});
