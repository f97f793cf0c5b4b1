import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConflict, isNotFound, type StatusError } from '../api/errors';
import type { KubeObject } from '../api/types';
import { fixture, newHarness, type Harness } from './registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());

const withImage = (obj: KubeObject, image: string): KubeObject => ({
  ...obj,
  spec: {
    ...(obj.spec as object),
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

describe('update (PUT)', () => {
  it('is unconditional without a resourceVersion and 409 with a stale one', async () => {
    const rc = await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    await h.r('replicationcontrollers').update(ctx, 'web', withImage(rc, 'nginx:1'));
    const e: StatusError = await h
      .r('replicationcontrollers')
      .update(ctx, 'web', withImage(rc, 'nginx:2'))
      .catch((x) => x);
    expect(isConflict(e) && e.message).toBe(
      'Operation cannot be fulfilled on replicationcontrollers "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const { metadata, ...noVersion } = withImage(rc, 'nginx:3');
    const { object } = await h
      .r('replicationcontrollers')
      .update(ctx, 'web', { ...noVersion, metadata: { name: metadata!.name } });
    expect(object.metadata).toMatchObject({
      uid: rc.metadata!.uid,
      creationTimestamp: rc.metadata!.creationTimestamp,
      generation: 3,
    });
  });

  it('bumps generation only when the spec changes, and writes nothing when nothing changes', async () => {
    const rc = await h.r('replicationcontrollers').create(ctx, fixture('replicationcontrollers'));
    const same = await h.r('replicationcontrollers').update(ctx, 'web', rc);
    expect(same.object.metadata!.resourceVersion).toBe(rc.metadata!.resourceVersion);
    const relabeled = await h
      .r('replicationcontrollers')
      .update(ctx, 'web', { ...rc, metadata: { ...rc.metadata, labels: { a: 'b' } } });
    expect(relabeled.object.metadata!.generation).toBe(1);
    const scaled = await h.r('replicationcontrollers').patch(ctx, 'web', 'merge', { spec: { replicas: 5 } });
    expect(scaled.object.metadata!.generation).toBe(2);
  });

  it('keeps the stored status on the main resource and the stored spec on /status', async () => {
    const pod = await h.r('pods').create(ctx, fixture('pods'));
    const { object } = await h.r('pods').update(ctx, 'web', { ...pod, status: { phase: 'Running' } });
    expect(object.status).toEqual({ phase: 'Pending' });
    const status = h.registry.subresource('pods', 'status')!;
    const running = await status.update!(ctx, 'web', {
      ...object,
      metadata: { ...object.metadata, labels: { x: 'y' } },
      spec: { containers: [{ name: 'z', image: 'z' }] },
      status: { phase: 'Running' },
    });
    expect(running.status).toEqual({ phase: 'Running' });
    expect(running.spec).toEqual(object.spec);
    expect(running.metadata!.labels).toEqual(object.metadata!.labels);
  });

  it('refuses a body named differently from the URL and a missing object', async () => {
    const pod = await h.r('pods').create(ctx, fixture('pods'));
    const e: StatusError = await h
      .r('pods')
      .update(ctx, 'other', pod)
      .catch((x) => x);
    expect([e.code, e.message]).toEqual([
      400,
      'the name of the object (web) does not match the name on the URL (other)',
    ]);
    await expect(h.r('pods').update(ctx, 'gone', { ...pod, metadata: { name: 'gone' } })).rejects.toSatisfy(
      isNotFound,
    );
  });

  it('creates on PUT for kinds that allow it (endpoints)', async () => {
    const { created, object } = await h.r('endpoints').update(ctx, 'web', fixture('endpoints'));
    expect(created).toBe(true);
    expect(object.metadata!.uid).toBeTruthy();
  });
});

describe('patch', () => {
  it('applies json, merge and strategic patches', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const pods = h.r('pods');
    await pods.patch(ctx, 'web', 'json', [{ op: 'add', path: '/metadata/annotations', value: { a: '1' } }]);
    await pods.patch(ctx, 'web', 'merge', { metadata: { labels: { app: null, tier: 'db' } } });
    const { object } = await pods.patch(ctx, 'web', 'strategic', {
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(object.metadata).toMatchObject({ annotations: { a: '1' }, labels: { tier: 'db' } });
    expect((object.spec as { containers: unknown[] }).containers).toMatchObject([
      { name: 'c', image: 'nginx' },
    ]);
  });

  it('honours a resourceVersion carried in the patch as a precondition', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const p = h
      .r('pods')
      .patch(ctx, 'web', 'merge', { metadata: { resourceVersion: '1', labels: { a: 'b' } } });
    await expect(p).rejects.toSatisfy(isConflict);
  });

  it('answers 422 when the patched object is invalid, and 404 for a missing one', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const e: StatusError = await h
      .r('pods')
      .patch(ctx, 'web', 'merge', { metadata: { labels: { 'bad key!': 'x' } } })
      .catch((x) => x);
    expect(e.code).toBe(422);
    await expect(h.r('pods').patch(ctx, 'nope', 'merge', {})).rejects.toSatisfy(isNotFound);
  });

  it('creates with apply when absent (created: true), then applies onto it', async () => {
    const first = await h
      .r('services')
      .patch(ctx, 'web', 'apply', { apiVersion: 'v1', kind: 'Service', ...fixture('services') });
    expect(first.created).toBe(true);
    const second = await h
      .r('services')
      .patch(ctx, 'web', 'apply', { metadata: { name: 'web', labels: { app: 'web', v: '2' } } });
    expect(second.created).toBe(false);
    expect(second.object.metadata!.labels).toEqual({ app: 'web', v: '2' });
  });
});
