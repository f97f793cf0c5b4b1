import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlreadyExists, isInvalid, isNotFound, StatusError } from '../api/errors';
import { MemoryStore } from '../storage/memory';
import { fixture, newHarness, type Harness } from './registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness();
});
afterEach(() => h.registry.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: StatusError) => e,
  );

describe('create', () => {
  it('names an object from generateName with a fresh suffix each time', async () => {
    const body = { metadata: { generateName: 'web-' }, spec: fixture('pods').spec };
    const a = await h.r('pods').create(ctx, body);
    const b = await h.r('pods').create(ctx, body);
    expect([a.metadata!.name, b.metadata!.name]).toEqual(['web-x0001', 'web-x0002']);
  });

  it('retries generateName on a collision', async () => {
    await h.r('pods').create(ctx, fixture('pods', 'web-x0001'));
    const made = await h
      .r('pods')
      .create(ctx, { metadata: { generateName: 'web-' }, spec: fixture('pods').spec });
    expect(made.metadata!.name).toBe('web-x0002');
  });

  it('refuses a duplicate name with 409 AlreadyExists', async () => {
    await h.r('pods').create(ctx, fixture('pods'));
    const e = await failure(h.r('pods').create(ctx, fixture('pods')));
    expect(isAlreadyExists(e) && e.message).toBe('pods "web" already exists');
  });

  it('answers 422 with field causes for an invalid object and writes nothing', async () => {
    const before = await h.store.currentRevision();
    const e = await failure(
      h.r('pods').create(ctx, { metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c' }] } }),
    );
    expect(isInvalid(e)).toBe(true);
    expect(e.message).toMatch(/^Pod "Bad_Name" is invalid: /);
    expect(e.details!.causes!.map((c) => c.field)).toEqual(
      expect.arrayContaining(['metadata.name', 'spec.containers[0].image']),
    );
    expect(await h.store.currentRevision()).toBe(before);
  });

  it('needs a name or a generateName', async () => {
    const e = await failure(h.r('pods').create(ctx, { spec: fixture('pods').spec }));
    expect(e.message).toContain('metadata.name: Required value: name or generateName is required');
  });

  it('refuses a namespace that does not exist (404) or is terminating (403)', async () => {
    const missing = await failure(h.r('pods').create({ namespace: 'nope' }, fixture('pods')));
    expect(isNotFound(missing) && missing.message).toBe('namespaces "nope" not found');
    await h.r('namespaces').create({}, fixture('namespaces', 'team'));
    await h
      .r('pods')
      .create(
        { namespace: 'team' },
        { ...fixture('pods'), metadata: { name: 'held', finalizers: ['k8ts.io/hold'] } },
      );
    await h.r('namespaces').delete({}, 'team', {});
    await h.settle();
    const closed = await failure(h.r('pods').create({ namespace: 'team' }, fixture('pods')));
    expect([closed.code, closed.message]).toEqual([
      403,
      'pods "web" is forbidden: unable to create new content in namespace team because it is being terminated',
    ]);
  });

  it('sees a namespace terminating as soon as its deletion is answered, however late the cache is', async () => {
    /** Holds back store watch events while `late` is set, as a loaded server would. */
    let late = false;
    const held: (() => void)[] = [];
    const store = new (class extends MemoryStore {
      override watch(...[prefix, after, onEvent, onError]: Parameters<MemoryStore['watch']>) {
        return super.watch(prefix, after, (e) => (late ? held.push(() => onEvent(e)) : onEvent(e)), onError);
      }
    })();
    const other = await newHarness({}, store);
    await other.r('namespaces').create({}, fixture('namespaces', 'team'));
    await other.settle(); // the namespaces cache holds "team", active
    const heldPod = { ...fixture('pods'), metadata: { name: 'held', finalizers: ['k8ts.io/hold'] } };
    await other.r('pods').create({ namespace: 'team' }, heldPod);
    late = true;
    await other.r('namespaces').delete({}, 'team', {});
    const closed = await failure(other.r('pods').create({ namespace: 'team' }, fixture('pods')));
    late = false;
    for (const deliver of held) deliver();
    await other.registry.close();
    expect(closed.code).toBe(403);
  });

  it('finds a namespace written a moment ago by another server, before the cache has seen it', async () => {
    const ns = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
      status: { phase: 'Active' },
    };
    await h.store.create('/registry/namespaces/team', JSON.stringify(ns));
    const pod = await h.r('pods').create({ namespace: 'team' }, fixture('pods'));
    expect(pod.metadata!.namespace).toBe('team');
  });

  it('answers the namespace check from the namespaces cache without a store read', async () => {
    const reads: string[] = [];
    const store = new (class extends MemoryStore {
      override get(key: string) {
        reads.push(key);
        return super.get(key);
      }
    })();
    const other = await newHarness({}, store);
    await other.settle();
    reads.length = 0;
    await other.r('pods').create(ctx, fixture('pods'));
    await other.registry.close();
    expect(reads.filter((k) => k.startsWith('/registry/namespaces/'))).toEqual([]);
  });

  it('refuses a body whose namespace, kind or apiVersion disagrees with the request', async () => {
    const ns = await failure(
      h.r('pods').create(ctx, { ...fixture('pods'), metadata: { name: 'a', namespace: 'other' } }),
    );
    expect([ns.code, ns.message]).toEqual([
      400,
      'the namespace of the provided object does not match the namespace sent on the request',
    ]);
    expect((await failure(h.r('pods').create(ctx, { ...fixture('pods'), kind: 'Service' }))).code).toBe(400);
    expect(
      (await failure(h.r('pods').create(ctx, { ...fixture('pods'), apiVersion: 'apps/v1' }))).message,
    ).toBe('the API version in the data (apps/v1) does not match the expected API version (v1)');
    expect((await failure(h.r('pods').create(ctx, [1, 2]))).code).toBe(400);
  });

  it('accepts what kubectl run sends (creationTimestamp null, empty status) and starts the pod Pending', async () => {
    const body = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'x', creationTimestamp: null, labels: { run: 'x' } },
      spec: {
        containers: [{ name: 'x', image: 'busybox', resources: {} }],
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
      },
      status: { phase: 'Running' },
    };
    const pod = await h.r('pods').create(ctx, body);
    expect(pod.metadata!.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(pod.status).toEqual({ phase: 'Pending' });
  });

  it('stores nothing on dryRun but answers as if it had', async () => {
    const before = await h.store.currentRevision();
    const pod = await h.r('pods').create({ ...ctx, dryRun: true }, fixture('pods'));
    expect(pod.metadata).toMatchObject({ name: 'web', namespace: 'default' });
    expect(await h.store.currentRevision()).toBe(before);
    await expect(h.r('pods').get(ctx, 'web')).rejects.toSatisfy(isNotFound);
  });
});
