import { afterEach, describe, expect, it } from 'vitest';
import { isInvalid, type StatusError } from '../api/errors';
import type { KubeObject, ServiceSpec } from '../api/types';
import { StorageError } from '../storage';
import { MemoryStore } from '../storage/memory';
import { fixture, newHarness, type Harness } from './registry-testing';
import { IpAllocator, SERVICE_IPS_KEY } from './ip-allocator';

const ctx = { namespace: 'default' };
const ipOf = (svc: KubeObject) => (svc.spec as ServiceSpec).clusterIP!;
const svc = (name: string, clusterIP?: string) => ({
  ...fixture('services', name),
  spec: { ...(fixture('services').spec as object), clusterIP },
});

let harnesses: Harness[] = [];
const open = async (store = new MemoryStore(), range?: string) => {
  const h = await newHarness({ serviceClusterIpRange: range }, store);
  harnesses.push(h);
  return h;
};
afterEach(async () => {
  for (const h of harnesses) await h.registry.close();
  harnesses = [];
});

describe('cluster IPs', () => {
  it('gives the kubernetes service .1 and 200 services 200 distinct addresses in range', async () => {
    const h = await open();
    expect(ipOf(await h.r('services').get(ctx, 'kubernetes'))).toBe('10.96.0.1');
    const ips = new Set<string>();
    for (let i = 0; i < 200; i++) ips.add(ipOf(await h.r('services').create(ctx, svc(`s${i}`))));
    expect(ips.size).toBe(200);
    expect(
      [...ips].every((ip) => /^10\.96\.\d+\.\d+$/.test(ip) && ip !== '10.96.0.1' && ip !== '10.96.0.0'),
    ).toBe(true);
  });

  it('remembers allocations across a restart on the same store (and repairs a lost bitmap)', async () => {
    const store = new MemoryStore();
    const first = await open(store);
    const before = new Set<string>();
    for (let i = 0; i < 20; i++) before.add(ipOf(await first.r('services').create(ctx, svc(`a${i}`))));
    await first.registry.close();
    const second = await open(store);
    const after = ipOf(await second.r('services').create(ctx, svc('b')));
    expect(before.has(after)).toBe(false);
    await second.registry.close();
    await store.delete(SERVICE_IPS_KEY);
    const third = await open(store);
    const repaired = ipOf(await third.r('services').create(ctx, svc('c')));
    expect([...before, after, '10.96.0.1']).not.toContain(repaired);
  });

  it('never hands out one address twice to two registries sharing a store', async () => {
    const store = new MemoryStore();
    const [a, b] = [await open(store), await open(store)];
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).r('services').create(ctx, svc(`s${i}`))),
    );
    expect(new Set(made.map(ipOf)).size).toBe(30);
  });

  it('honours a free requested IP and refuses a taken or out-of-range one with 422', async () => {
    const h = await open();
    expect(ipOf(await h.r('services').create(ctx, svc('a', '10.96.0.5')))).toBe('10.96.0.5');
    const taken: StatusError = await h
      .r('services')
      .create(ctx, svc('b', '10.96.0.5'))
      .catch((e) => e);
    expect(isInvalid(taken) && taken.message).toBe(
      'Service "b" is invalid: spec.clusterIP: Invalid value: "10.96.0.5": provided IP is already allocated',
    );
    const outside: StatusError = await h
      .r('services')
      .create(ctx, svc('c', '10.0.0.5'))
      .catch((e) => e);
    expect(outside.message).toBe(
      'Service "c" is invalid: spec.clusterIP: Invalid value: "10.0.0.5": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    );
  });

  it('allocates nothing for a headless service, and releases on delete', async () => {
    const h = await open(undefined, '10.97.0.0/29');
    expect((await h.r('services').create(ctx, svc('headless', 'None'))).spec).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
    });
    const taken = [];
    for (let i = 0; i < 5; i++) taken.push(ipOf(await h.r('services').create(ctx, svc(`s${i}`))));
    expect(taken).toEqual(['10.97.0.2', '10.97.0.3', '10.97.0.4', '10.97.0.5', '10.97.0.6']);
    expect(
      (
        (await h
          .r('services')
          .create(ctx, svc('full'))
          .catch((e) => e)) as StatusError
      ).code,
    ).toBe(500);
    await h.r('services').delete(ctx, 's2', {});
    expect(ipOf(await h.r('services').create(ctx, svc('again')))).toBe('10.97.0.4');
  });

  it('keeps the IP on update and refuses to change it', async () => {
    const h = await open();
    const created = await h.r('services').create(ctx, svc('a'));
    const { object } = await h
      .r('services')
      .update(ctx, 'a', { ...svc('a'), spec: { ...(svc('a').spec as object), clusterIP: undefined } });
    expect(ipOf(object)).toBe(ipOf(created));
    const e: StatusError = await h
      .r('services')
      .patch(ctx, 'a', 'merge', { spec: { clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] } })
      .catch((x) => x);
    expect(e.message).toBe(
      'Service "a" is invalid: spec.clusterIP: Invalid value: "10.96.9.9": field is immutable',
    );
  });

  it('does not allocate on dryRun', async () => {
    const h = await open();
    const dry = await h.r('services').create({ ...ctx, dryRun: true }, svc('a'));
    const real = await h.r('services').create(ctx, svc('a'));
    expect(ipOf(real)).toBe(ipOf(dry));
  });

  it('refuses to start when the configured range differs from the stored one', async () => {
    const store = new MemoryStore();
    await IpAllocator.open(store, '10.96.0.0/16', async () => []);
    await expect(IpAllocator.open(store, '10.100.0.0/16', async () => [])).rejects.toThrow(
      /changed from 10.96.0.0\/16/,
    );
  });

  it('answers a service create on a full store with 507 (storage full), not a bare 500', async () => {
    const store = new MemoryStore();
    const h = await open(store);
    const update = store.update.bind(store);
    store.update = (key, value, rev) =>
      key === SERVICE_IPS_KEY
        ? Promise.reject(new StorageError('NoSpace', key, 'storage full: no space left'))
        : update(key, value, rev);
    const err = (await h
      .r('services')
      .create(ctx, svc('full'))
      .catch((e: unknown) => e)) as StatusError;
    expect(err.code).toBe(507);
    expect(err.message).toMatch(/storage full/);
  });
});
