// DELETE records its propagationPolicy on the object, as Kubernetes does, so the garbage collector can
// act on it: Orphan → `orphan` finalizer, Foreground → `foregroundDeletion`, Background → nothing. The
// object then waits (deletionTimestamp set) until the collector removes the finalizer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNotFound } from '../api/errors';
import { fixture, newHarness, type Harness } from './registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
  await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
});
afterEach(() => h.registry.close());

const rcs = () => h.r('replicationcontrollers');
const finalizersOf = async () => (await rcs().get(ctx, 'web')).metadata!.finalizers;

describe('delete with a propagationPolicy', () => {
  it('Orphan keeps the object, marked, with the orphan finalizer until it is removed', async () => {
    const res = await rcs().delete(ctx, 'web', { propagationPolicy: 'Orphan' });
    expect(res.deleted).toBe(false);
    expect(res.object.metadata).toMatchObject({
      finalizers: ['orphan'],
      deletionTimestamp: '2026-01-01T00:00:00Z',
      deletionGracePeriodSeconds: 0,
    });
    await rcs().patch(ctx, 'web', 'merge', { metadata: { finalizers: null } });
    await expect(rcs().get(ctx, 'web')).rejects.toSatisfy(isNotFound);
  });

  it('Foreground records foregroundDeletion next to finalizers already there', async () => {
    await rcs().patch(ctx, 'web', 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    const res = await rcs().delete(ctx, 'web', { propagationPolicy: 'Foreground' });
    expect(res.deleted).toBe(false);
    expect(res.object.metadata!.finalizers).toEqual(['example.com/hold', 'foregroundDeletion']);
  });

  it('Background, or no policy, records nothing and removes the object at once', async () => {
    expect((await rcs().delete(ctx, 'web', { propagationPolicy: 'Background' })).deleted).toBe(true);
    await rcs().create(ctx, fixture('replicationcontrollers'));
    expect((await rcs().delete(ctx, 'web', {})).deleted).toBe(true);
  });

  it('the deprecated orphanDependents: true means Orphan', async () => {
    expect((await rcs().delete(ctx, 'web', { orphanDependents: true })).object.metadata!.finalizers).toEqual([
      'orphan',
    ]);
  });

  it('a later delete without a policy leaves the recorded one; a later policy replaces it', async () => {
    await rcs().delete(ctx, 'web', { propagationPolicy: 'Orphan' });
    const again = await rcs().delete(ctx, 'web', {});
    expect(again.deleted).toBe(false);
    expect(await finalizersOf()).toEqual(['orphan']);
    await rcs().delete(ctx, 'web', { propagationPolicy: 'Foreground' });
    expect(await finalizersOf()).toEqual(['foregroundDeletion']);
    // Background drops the recorded policy; with no finalizer left the object goes.
    expect((await rcs().delete(ctx, 'web', { propagationPolicy: 'Background' })).deleted).toBe(true);
    await expect(rcs().get(ctx, 'web')).rejects.toSatisfy(isNotFound);
  });

  it('a pod keeps its grace period and gains the finalizer', async () => {
    await h.r('pods').create(ctx, {
      ...fixture('pods'),
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
    });
    const res = await h.r('pods').delete(ctx, 'web', { propagationPolicy: 'Orphan' });
    expect(res.object.metadata).toMatchObject({ finalizers: ['orphan'], deletionGracePeriodSeconds: 30 });
    // The kubelet's final delete (grace 0) does not remove it while the finalizer stands.
    const last = await h.r('pods').delete(ctx, 'web', { gracePeriodSeconds: 0 });
    expect(last.deleted).toBe(false);
    expect(last.object.metadata).toMatchObject({ finalizers: ['orphan'], deletionGracePeriodSeconds: 0 });
  });

  it('records nothing on dryRun', async () => {
    const res = await rcs().delete({ ...ctx, dryRun: true }, 'web', { propagationPolicy: 'Orphan' });
    expect(res.object.metadata!.finalizers).toEqual(['orphan']);
    expect(await finalizersOf()).toBeUndefined();
  });
});
