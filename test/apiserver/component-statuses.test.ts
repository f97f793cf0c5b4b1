// `kubectl get componentstatuses` against the apiserver on both stores: a scheduler that answers, a
// controller-manager that is not running, and the store itself, probed on every read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/etcd';
import { startTestServer, type StoreKind, type TestServer } from './harness';

describe.each<StoreKind>(['sqlite', 'etcd'])('kubectl get componentstatuses on %s', (store) => {
  let t: TestServer;
  let scheduler: http.Server;
  let downPort = 0;
  let schedulerUp = true;

  beforeAll(async () => {
    scheduler = http.createServer((_req, res) => {
      res.writeHead(schedulerUp ? 200 : 500, { 'Content-Type': 'text/plain' });
      res.end(schedulerUp ? 'ok' : 'leader election lost');
    });
    await new Promise<void>((r) => scheduler.listen(0, '127.0.0.1', r));
    downPort = await freePort();
    t = await startTestServer(store, inject('etcdEndpoints'), {
      schedulerHealthz: `http://127.0.0.1:${(scheduler.address() as AddressInfo).port}/healthz`,
      controllerManagerHealthz: `http://127.0.0.1:${downPort}/healthz`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => scheduler?.close(r));
  });

  const storeName = store === 'sqlite' ? 'sqlite' : 'etcd-0';

  it('lists each component with its health, message and error, and the deprecation warning', async () => {
    const r = await t.kubectl(['get', 'componentstatuses']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^NAME +STATUS +MESSAGE +ERROR$/);
    expect(rows[1]).toMatch(/^scheduler +Healthy +ok *$/);
    expect(rows[2]!.split(/ {2,}/)).toEqual([
      'controller-manager',
      'Unhealthy',
      `Get "http://127.0.0.1:${downPort}/healthz": connect: connection refused`,
    ]);
    expect(rows[3]).toMatch(new RegExp(`^${storeName} +Healthy +\\S`));
    expect(rows).toHaveLength(4);
  });

  it('reads one by its short name, probed afresh', async () => {
    const status = () =>
      t.kubectl([
        'get',
        'cs',
        'scheduler',
        '-o',
        'jsonpath={.conditions[0].status} {.conditions[0].message}',
      ]);
    expect((await status()).stdout).toBe('True ok');
    schedulerUp = false;
    try {
      expect((await status()).stdout).toBe('False leader election lost');
    } finally {
      schedulerUp = true;
    }
    const missing = await t.kubectl(['get', 'cs', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): componentstatuses "nope" not found');
  });

  it('checks the store itself', async () => {
    const r = await t.kubectl(['get', 'cs', storeName, '-o', 'jsonpath={.conditions[0].message}']);
    if (store === 'etcd') expect(JSON.parse(r.stdout)).toMatchObject({ health: 'true' });
    else expect(r.stdout).toBe('ok');
  });

  it('is read-only', async () => {
    const r = await t.kubectl(['delete', 'cs', 'scheduler']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MethodNotAllowed');
  });
});
