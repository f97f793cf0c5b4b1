import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentProbes, componentStatuses } from './component-statuses';

describe('componentProbes', () => {
  it('names the scheduler, the controller-manager and each etcd member, or the embedded store', () => {
    const check = async () => {};
    expect(componentProbes({ etcdServers: ['http://127.0.0.1:2379/', 'http://127.0.0.1:22379'] })).toEqual([
      { name: 'scheduler', url: 'http://127.0.0.1:10251/healthz' },
      { name: 'controller-manager', url: 'http://127.0.0.1:10252/healthz' },
      { name: 'etcd-0', url: 'http://127.0.0.1:2379/health', validate: expect.any(Function) },
      { name: 'etcd-1', url: 'http://127.0.0.1:22379/health', validate: expect.any(Function) },
    ]);
    expect(componentProbes({ schedulerHealthz: 'http://127.0.0.1:1/h', storeCheck: check })).toEqual([
      { name: 'scheduler', url: 'http://127.0.0.1:1/h' },
      { name: 'controller-manager', url: 'http://127.0.0.1:10252/healthz' },
      { name: 'sqlite', check },
    ]);
  });
});

describe('componentStatuses', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      const [code, body] =
        req.url === '/etcd-sick' ? [200, '{"health":"false"}'] : [200, '{"health":"true"}'];
      res.writeHead(code);
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('marks a member whose /health says false Unhealthy, and one that does not answer in time Unknown', async () => {
    const etcd = componentProbes({ etcdServers: [base] })[2]!;
    const sick = { ...etcd, name: 'etcd-sick', url: `${base}/etcd-sick` };
    const hung = { name: 'hung', url: `${base}/hang` };
    const [ok, bad, late] = await componentStatuses([etcd, sick, hung], undefined, 300);
    expect(ok).toEqual({
      kind: 'ComponentStatus',
      apiVersion: 'v1',
      metadata: { name: 'etcd-0' },
      conditions: [{ type: 'Healthy', status: 'True', message: '{"health":"true"}' }],
    });
    expect(bad!.conditions).toEqual([
      { type: 'Healthy', status: 'False', message: '{"health":"false"}', error: 'Unhealthy' },
    ]);
    expect(late!.conditions).toEqual([
      { type: 'Healthy', status: 'Unknown', error: `Get "${base}/hang": context deadline exceeded` },
    ]);
  });

  it('reports a failing store check with its error, and 404 for a name it does not list', async () => {
    const failing = {
      name: 'sqlite',
      check: () => Promise.reject(new Error('database or disk is full')),
    };
    const [s] = await componentStatuses([failing], 'sqlite');
    expect(s!.conditions).toEqual([{ type: 'Healthy', status: 'False', error: 'database or disk is full' }]);
    await expect(componentStatuses([failing], 'etcd-0')).rejects.toMatchObject({ code: 404 });
  });
});
