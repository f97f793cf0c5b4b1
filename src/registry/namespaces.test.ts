import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNotFound, type StatusError } from '../api/errors';
import { fixture, newHarness, type Harness } from './registry-testing';
import { MemoryStore } from '../storage/memory';

let h: Harness;
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());

const podsIn = async (namespace: string) =>
  (await h.r('pods').list({ namespace }, {})).items.map((p) => p.metadata!.name);

describe('namespaces', () => {
  it('exist from the start: default, kube-system, kube-public, Active with the kubernetes finalizer', async () => {
    const list = await h.r('namespaces').list({}, {});
    expect(list.items.map((n) => n.metadata!.name)).toEqual(['default', 'kube-public', 'kube-system']);
    expect(list.items[0]).toMatchObject({
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('are created once, however many times the registry starts', async () => {
    const store = new MemoryStore();
    await (await newHarness({}, store)).registry.close();
    const before = await store.currentRevision();
    await (await newHarness({}, store)).registry.close();
    expect(await store.currentRevision()).toBe(before);
  });

  it('may not delete the built-in ones', async () => {
    const e: StatusError = await h
      .r('namespaces')
      .delete({}, 'default', {})
      .catch((x) => x);
    expect([e.code, e.message]).toEqual([
      403,
      'namespaces "default" is forbidden: this namespace may not be deleted',
    ]);
  });

  it('turn Terminating on delete, lose their content (pods regardless of grace), then go', async () => {
    await h.r('namespaces').create({}, fixture('namespaces', 'team'));
    const ctx = { namespace: 'team' };
    await h.r('pods').create(ctx, {
      ...fixture('pods', 'bound'),
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'b' }] },
    });
    await h.r('services').create(ctx, fixture('services'));
    await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    await h.r('pods').create({ namespace: 'default' }, fixture('pods', 'bystander'));
    const { object, deleted } = await h.r('namespaces').delete({}, 'team', {});
    expect(deleted).toBe(false);
    expect(object.status).toEqual({ phase: 'Terminating' });
    await h.settle();
    await expect(h.r('namespaces').get({}, 'team')).rejects.toSatisfy(isNotFound);
    expect(await podsIn('team')).toEqual([]);
    expect((await h.r('services').list(ctx, {})).items).toEqual([]);
    expect(await podsIn('default')).toEqual(['bystander']);
  });

  it('stay Terminating while an object held by a finalizer remains, and go once it is released', async () => {
    await h.r('namespaces').create({}, fixture('namespaces', 'team'));
    const ctx = { namespace: 'team' };
    await h
      .r('endpoints')
      .create(ctx, { ...fixture('endpoints'), metadata: { name: 'held', finalizers: ['k8ts.io/hold'] } });
    await h.r('namespaces').delete({}, 'team', {});
    await h.settle();
    expect((await h.r('namespaces').get({}, 'team')).status).toEqual({ phase: 'Terminating' });
    await h.r('endpoints').patch(ctx, 'held', 'merge', { metadata: { finalizers: null } });
    h.clock.step(5000);
    await h.settle();
    await expect(h.r('namespaces').get({}, 'team')).rejects.toSatisfy(isNotFound);
  });

  it('change spec.finalizers only through namespaces/finalize', async () => {
    await h.r('namespaces').create({}, fixture('namespaces', 'team'));
    const ns = await h.r('namespaces').get({}, 'team');
    const put = await h.r('namespaces').update({}, 'team', { ...ns, spec: { finalizers: [] } });
    expect(put.object.spec).toEqual({ finalizers: ['kubernetes'] });
    const finalized = await h.registry.subresource('namespaces', 'finalize')!.update!({}, 'team', {
      ...ns,
      spec: { finalizers: [] },
    });
    expect(finalized.spec).toEqual({ finalizers: [] });
  });
});
