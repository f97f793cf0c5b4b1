import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConflict, isNotFound, type StatusError } from '../api/errors';
import { fixture, newHarness, type Harness } from './registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());

const boundPod = (grace?: number) => ({
  ...fixture('pods'),
  spec: {
    nodeName: 'node-1',
    containers: [{ name: 'c', image: 'busybox' }],
    terminationGracePeriodSeconds: grace,
  },
});

describe('delete', () => {
  it('only marks a pod bound to a node, with its grace period, until a delete with grace 0', async () => {
    await h.r('pods').create(ctx, boundPod(20));
    const first = await h.r('pods').delete(ctx, 'web', {});
    expect(first.deleted).toBe(false);
    expect(first.object.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:20Z',
      deletionGracePeriodSeconds: 20,
    });
    const again = await h.r('pods').delete(ctx, 'web', {});
    expect(again.object.metadata!.resourceVersion).toBe(first.object.metadata!.resourceVersion);
    const shorter = await h.r('pods').delete(ctx, 'web', { gracePeriodSeconds: 5 });
    expect(shorter.object.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:05Z',
      deletionGracePeriodSeconds: 5,
    });
    const last = await h.r('pods').delete(ctx, 'web', { gracePeriodSeconds: 0 });
    expect(last.deleted).toBe(true);
    await expect(h.r('pods').get(ctx, 'web')).rejects.toSatisfy(isNotFound);
  });

  it('defaults the grace period to 30 s and removes unbound or finished pods at once', async () => {
    await h
      .r('pods')
      .create(ctx, { ...boundPod(), spec: { nodeName: 'n', containers: [{ name: 'c', image: 'b' }] } });
    expect((await h.r('pods').delete(ctx, 'web', {})).object.metadata!.deletionGracePeriodSeconds).toBe(30);
    await h.r('pods').create(ctx, fixture('pods', 'unbound'));
    expect((await h.r('pods').delete(ctx, 'unbound', {})).deleted).toBe(true);
    await h.r('pods').create(ctx, { ...boundPod(10), metadata: { name: 'done' } });
    await h.registry.subresource('pods', 'status')!.patch!(ctx, 'done', 'merge', {
      status: { phase: 'Succeeded' },
    });
    expect((await h.r('pods').delete(ctx, 'done', {})).deleted).toBe(true);
  });

  it('keeps an object with finalizers until an update removes the last one', async () => {
    await h
      .r('services')
      .create(ctx, { ...fixture('services'), metadata: { name: 'web', finalizers: ['k8ts.io/hold'] } });
    const marked = await h.r('services').delete(ctx, 'web', {});
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:00Z',
      deletionGracePeriodSeconds: 0,
    });
    const relabeled = await h
      .r('services')
      .patch(ctx, 'web', 'merge', { metadata: { labels: { still: 'here' } } });
    expect(relabeled.object.metadata!.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    await h.r('services').patch(ctx, 'web', 'merge', { metadata: { finalizers: null } });
    await expect(h.r('services').get(ctx, 'web')).rejects.toSatisfy(isNotFound);
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const svc = await h.r('services').create(ctx, fixture('services'));
    const uid: StatusError = await h
      .r('services')
      .delete(ctx, 'web', { preconditions: { uid: 'other' } })
      .catch((e) => e);
    expect(isConflict(uid) && uid.message).toBe(
      `Operation cannot be fulfilled on services "web": Precondition failed: UID in precondition: other, UID in object meta: ${svc.metadata!.uid}`,
    );
    await expect(
      h.r('services').delete(ctx, 'web', { preconditions: { resourceVersion: '1' } }),
    ).rejects.toSatisfy(isConflict);
    const ok = await h
      .r('services')
      .delete(ctx, 'web', { preconditions: { uid: svc.metadata!.uid }, propagationPolicy: 'Background' });
    expect(ok.deleted).toBe(true);
  });

  it('refuses an unknown propagationPolicy with 422', async () => {
    await h.r('services').create(ctx, fixture('services'));
    const e: StatusError = await h
      .r('services')
      .delete(ctx, 'web', { propagationPolicy: 'Sideways' })
      .catch((x) => x);
    expect(e.code).toBe(422);
    expect(e.message).toContain('propagationPolicy: Unsupported value: "Sideways"');
  });

  it('changes nothing on dryRun', async () => {
    await h.r('services').create(ctx, fixture('services'));
    const before = await h.store.currentRevision();
    expect((await h.r('services').delete({ ...ctx, dryRun: true }, 'web', {})).deleted).toBe(true);
    expect((await h.r('services').delete(ctx, 'web', { dryRun: ['All'] })).deleted).toBe(true);
    expect(await h.store.currentRevision()).toBe(before);
  });

  it('deletes a collection by selector', async () => {
    for (const [name, app] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ] as const)
      await h.r('pods').create(ctx, { ...fixture('pods', name), metadata: { name, labels: { app } } });
    const gone = await h.r('pods').deleteCollection(ctx, { labelSelector: 'app=x' }, {});
    expect(gone.items.map((p) => p.metadata!.name)).toEqual(['a', 'b']);
    expect((await h.r('pods').list(ctx, {})).items.map((p) => p.metadata!.name)).toEqual(['c']);
  });
});
