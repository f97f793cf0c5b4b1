// The one REST test suite run for every kind (STYLE.md rule 5): create, get, list, update, patch, delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConflict, isNotFound } from '../api/errors';
import { RESOURCES } from '../api/resources';
import { fixture, newHarness, type Harness } from './registry-testing';

describe.each(RESOURCES.map((r) => [r.resource, r] as const))('%s', (resource, info) => {
  let h: Harness;
  const ctx = { namespace: info.namespaced ? 'default' : undefined };
  const name = resource === 'nodes' ? 'node-1' : 'web';
  beforeEach(async () => {
    h = await newHarness();
  });
  afterEach(() => h.registry.close());

  it('creates with server-set metadata and reads it back', async () => {
    const created = await h.r(resource).create(ctx, fixture(resource, name));
    expect(created).toMatchObject({ apiVersion: 'v1', kind: info.kind, metadata: { name, generation: 1 } });
    expect(created.metadata!.uid).toMatch(/^0{8}-/);
    expect(created.metadata!.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata!.resourceVersion).toBe(String(await h.store.currentRevision()));
    expect(created.metadata!.namespace).toBe(ctx.namespace);
    expect(await h.r(resource).get(ctx, name)).toEqual(created);
  });

  it('answers getJson with the JSON of what get returns, and 404 for a missing object', async () => {
    await h.r(resource).create(ctx, fixture(resource, name));
    const json = await h.r(resource).getJson!(ctx, name);
    expect(JSON.parse(json)).toEqual(await h.r(resource).get(ctx, name));
    await expect(h.r(resource).getJson!(ctx, 'missing')).rejects.toSatisfy(isNotFound);
  });

  it('lists with the list kind and the revision read at', async () => {
    await h.r(resource).create(ctx, fixture(resource, name));
    const list = await h.r(resource).list(ctx, {});
    expect(list).toMatchObject({ apiVersion: 'v1', kind: `${info.kind}List` });
    expect(list.metadata!.resourceVersion).toBe(String(await h.store.currentRevision()));
    expect(list.items.map((i) => i.metadata!.name)).toContain(name);
    expect(list.items.every((i) => i.kind === info.kind && i.apiVersion === 'v1')).toBe(true);
  });

  it('updates with the current resourceVersion and refuses a stale one', async () => {
    const created = await h.r(resource).create(ctx, fixture(resource, name));
    const changed = { ...created, metadata: { ...created.metadata, labels: { app: 'web', tier: 'x' } } };
    const { object, created: wasCreated } = await h.r(resource).update(ctx, name, changed);
    expect(wasCreated).toBe(false);
    expect(object.metadata!.labels).toEqual({ app: 'web', tier: 'x' });
    expect(Number(object.metadata!.resourceVersion)).toBeGreaterThan(
      Number(created.metadata!.resourceVersion),
    );
    expect(object.metadata!.uid).toBe(created.metadata!.uid);
    await expect(h.r(resource).update(ctx, name, changed)).rejects.toSatisfy(isConflict);
  });

  it('patches labels with a merge patch', async () => {
    await h.r(resource).create(ctx, fixture(resource, name));
    const { object } = await h.r(resource).patch(ctx, name, 'merge', { metadata: { labels: { tier: 'y' } } });
    expect(object.metadata!.labels).toEqual({ app: 'web', tier: 'y' });
    expect((await h.r(resource).get(ctx, name)).metadata!.labels).toEqual({ app: 'web', tier: 'y' });
  });

  it('deletes (namespaces: after their clean-up) and then answers 404', async () => {
    await h.r(resource).create(ctx, fixture(resource, name));
    const { deleted } = await h.r(resource).delete(ctx, name, {});
    expect(deleted).toBe(resource !== 'namespaces');
    await h.settle();
    await expect(h.r(resource).get(ctx, name)).rejects.toSatisfy(isNotFound);
  });
});
