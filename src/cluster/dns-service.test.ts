import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { FakeClient } from '../client';
import { dnsService, ensureDnsService } from './dns-service';

const get = <T>(client: FakeClient, resource: string) =>
  client.get(resource, 'kube-system', 'kube-dns') as Promise<T>;

describe('the kube-dns service', () => {
  it('creates a selector-less service at the given cluster IP, and Endpoints pointing at the DNS server', async () => {
    const client = new FakeClient();
    await ensureDnsService(client, '10.96.0.10', '10.244.0.1');
    const svc = await get<Service>(client, 'services');
    expect(svc.spec?.clusterIP).toBe('10.96.0.10');
    expect(svc.spec?.selector).toBeUndefined();
    expect(svc.spec?.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual([
      'dns 53/UDP',
      'dns-tcp 53/TCP',
    ]);
    const ep = await get<Endpoints>(client, 'endpoints');
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.0.1' }],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('updates, never re-creates, on a second up, and points the Endpoints at the new server address', async () => {
    const client = new FakeClient();
    await ensureDnsService(client, '10.96.0.10', '10.244.0.1');
    client.actions.length = 0;
    await ensureDnsService(client, '10.96.0.10', '10.240.0.1');
    // The apiserver would refuse a second create for the taken cluster IP (422), not as AlreadyExists.
    expect(client.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual([
      'update services',
      'update endpoints',
    ]);
    const ep = await get<Endpoints>(client, 'endpoints');
    expect(ep.subsets?.[0]?.addresses).toEqual([{ ip: '10.240.0.1' }]);
  });

  it('refuses a kube-dns service that holds another cluster IP', async () => {
    const client = new FakeClient({
      objects: [['services', dnsService('10.96.0.99') as KubeObject]],
    });
    await expect(ensureDnsService(client, '10.96.0.10', '10.244.0.1')).rejects.toThrow(
      /kube-system\/kube-dns has clusterIP 10.96.0.99, not 10.96.0.10/,
    );
  });
});
