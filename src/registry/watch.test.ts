import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { fixture, flush, newHarness, recorder, type Harness } from './registry-testing';

let h: Harness;
const ctx = { namespace: 'default' };
beforeEach(async () => {
  h = await newHarness({ watchCacheWindow: 5 });
});
afterEach(() => h.registry.close());

const pod = (name: string, app = 'web'): KubeObject => ({
  metadata: { name, labels: { app } },
  spec: { containers: [{ name: 'c', image: 'b' }] },
});

describe('watch', () => {
  it('from rv 0 (or unset) starts with an ADDED per matching object, then live changes', async () => {
    await h.r('pods').create(ctx, pod('a'));
    await h.r('pods').create(ctx, pod('b', 'db'));
    await flush();
    const rec = recorder();
    const w = await h.r('pods').watch(ctx, { resourceVersion: '0', labelSelector: 'app=web' }, rec.send);
    await h.r('pods').create(ctx, pod('c'));
    await h.r('pods').delete(ctx, 'a', {});
    await flush();
    expect(rec.seen()).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'c'],
      ['DELETED', 'a'],
    ]);
    w.stop();
    await h.r('pods').create(ctx, pod('d'));
    await flush();
    expect(rec.events).toHaveLength(3);
  });

  it('resumes from a list revision without repeating or missing anything', async () => {
    await h.r('pods').create(ctx, pod('a'));
    const list = await h.r('pods').list(ctx, {});
    await h.r('pods').create(ctx, pod('b'));
    await flush();
    const rec = recorder();
    await h.r('pods').watch(ctx, { resourceVersion: list.metadata!.resourceVersion }, rec.send);
    await h.r('pods').patch(ctx, 'a', 'merge', { metadata: { labels: { v: '2' } } });
    await flush();
    expect(rec.seen()).toEqual([
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
    ]);
    expect(rec.events[1]!.object.metadata!.resourceVersion).toBe(String(await h.store.currentRevision()));
  });

  it('sends a 410 ERROR for a revision older than the window', async () => {
    const first = await h.r('pods').create(ctx, pod('a'));
    for (let i = 0; i < 6; i++)
      await h.r('pods').patch(ctx, 'a', 'merge', { metadata: { labels: { i: String(i) } } });
    await flush();
    const rec = recorder();
    await h.r('pods').watch(ctx, { resourceVersion: first.metadata!.resourceVersion }, rec.send);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    expect(rec.events[0]!.object.message).toMatch(
      new RegExp(`^too old resource version: ${first.metadata!.resourceVersion} \\(\\d+\\)$`),
    );
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    await h.r('pods').create(ctx, pod('a', 'db'));
    await flush();
    const rec = recorder();
    await h.r('pods').watch(ctx, { labelSelector: 'app=web' }, rec.send);
    await h.r('pods').patch(ctx, 'a', 'merge', { metadata: { labels: { app: 'web' } } });
    await h.r('pods').patch(ctx, 'a', 'merge', { metadata: { labels: { v: '2' } } });
    const moved = await h.r('pods').patch(ctx, 'a', 'merge', { metadata: { labels: { app: 'db' } } });
    await flush();
    expect(rec.seen()).toEqual([
      ['ADDED', 'a'],
      ['MODIFIED', 'a'],
      ['DELETED', 'a'],
    ]);
    const last = rec.events[2]!.object;
    expect(last.metadata!.labels).toMatchObject({ app: 'web' });
    expect(last.metadata!.resourceVersion).toBe(moved.object.metadata!.resourceVersion);
  });

  it('watches one object by metadata.name in one namespace', async () => {
    await h.r('namespaces').create({}, fixture('namespaces', 'other'));
    await h.r('pods').create(ctx, pod('a'));
    await h.r('pods').create({ namespace: 'other' }, pod('a'));
    await h.r('pods').create(ctx, pod('b'));
    await flush();
    const rec = recorder();
    await h.r('pods').watch(ctx, { resourceVersion: '0', fieldSelector: 'metadata.name=a' }, rec.send);
    expect(rec.events.map((e) => e.object.metadata!.namespace)).toEqual(['default']);
  });

  it('sends BOOKMARKs every minute when asked', async () => {
    await h.r('pods').create(ctx, pod('a'));
    await flush();
    const rec = recorder();
    const w = await h.r('pods').watch(ctx, { allowWatchBookmarks: true, resourceVersion: '0' }, rec.send);
    h.clock.step(60_000);
    expect(rec.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(rec.events[1]!.object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(await h.store.currentRevision()) },
    });
    w.stop();
    h.clock.step(120_000);
    expect(rec.events).toHaveLength(2);
  });
});
