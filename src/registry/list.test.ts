import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusError } from '../api/errors';
import { fixture, flush, newHarness, type Harness } from './registry-testing';

let h: Harness;
beforeEach(async () => {
  h = await newHarness();
  await h.r('namespaces').create({}, fixture('namespaces', 'other'));
  const pods: [string, string, string, string?][] = [
    ['default', 'a', 'web'],
    ['default', 'b', 'db', 'node-1'],
    ['default', 'c', 'web', 'node-1'],
    ['other', 'd', 'web'],
  ];
  for (const [namespace, name, app, nodeName] of pods)
    await h
      .r('pods')
      .create(
        { namespace },
        { metadata: { name, labels: { app } }, spec: { nodeName, containers: [{ name: 'c', image: 'b' }] } },
      );
});
afterEach(() => h.registry.close());

const names = async (ctx: { namespace?: string }, opts: object) =>
  (await h.r('pods').list(ctx, opts)).items.map((p) => p.metadata!.name);

describe('list', () => {
  it('filters by namespace, label selector and field selector', async () => {
    expect(await names({ namespace: 'default' }, {})).toEqual(['a', 'b', 'c']);
    expect(await names({}, {})).toEqual(['a', 'b', 'c', 'd']);
    expect(await names({}, { labelSelector: 'app in (web)' })).toEqual(['a', 'c', 'd']);
    expect(await names({}, { labelSelector: 'app!=web' })).toEqual(['b']);
    expect(await names({}, { fieldSelector: 'spec.nodeName=node-1,metadata.name!=b' })).toEqual(['c']);
    expect(await names({}, { fieldSelector: 'spec.nodeName=' })).toEqual(['a', 'd']);
  });

  it('answers 400 for a field that cannot be selected on and for a bad label selector', async () => {
    const e: StatusError = await h
      .r('pods')
      .list({}, { fieldSelector: 'spec.bogus=x' })
      .catch((x) => x);
    expect([e.code, e.message]).toEqual([400, 'field label not supported: spec.bogus']);
    expect(
      (
        (await h
          .r('pods')
          .list({}, { labelSelector: 'a in' })
          .catch((x) => x)) as StatusError
      ).code,
    ).toBe(400);
  });

  it('pages with limit and continue at one revision', async () => {
    const first = await h.r('pods').list({}, { limit: 2, labelSelector: 'app=web' });
    expect(first.items.map((p) => p.metadata!.name)).toEqual(['a', 'c']);
    const next = await h
      .r('pods')
      .list({}, { limit: 2, labelSelector: 'app=web', continue: first.metadata!.continue });
    expect([next.items.map((p) => p.metadata!.name), next.metadata!.continue]).toEqual([['d'], undefined]);
    const two = await h.r('pods').list({}, { limit: 2 });
    expect(two.items.map((p) => p.metadata!.name)).toEqual(['a', 'b']);
    await h.r('pods').create({ namespace: 'default' }, fixture('pods', 'bb'));
    const rest = await h.r('pods').list({}, { limit: 2, continue: two.metadata!.continue });
    expect(rest.items.map((p) => p.metadata!.name)).toEqual(['c', 'd']);
    expect(rest.metadata).toEqual({ resourceVersion: two.metadata!.resourceVersion });
  });

  it('answers 410 Expired for a continue token whose revision was compacted', async () => {
    const page = await h.r('pods').list({}, { limit: 1 });
    await h.r('pods').create({ namespace: 'default' }, fixture('pods', 'z'));
    await h.store.compact(await h.store.currentRevision());
    const e: StatusError = await h
      .r('pods')
      .list({}, { limit: 1, continue: page.metadata!.continue })
      .catch((x) => x);
    expect([e.code, e.reason]).toEqual([410, 'Expired']);
    expect(e.message).toMatch(/^The provided continue parameter is too old/);
    const bad: StatusError = await h
      .r('pods')
      .list({}, { continue: 'garbage' })
      .catch((x) => x);
    expect(bad.code).toBe(400);
  });

  it('serves resourceVersion=0 from the watch cache', async () => {
    await flush();
    const cached = await h
      .r('pods')
      .list({ namespace: 'default' }, { resourceVersion: '0', labelSelector: 'app=web' });
    expect(cached.items.map((p) => p.metadata!.name)).toEqual(['a', 'c']);
    expect(cached.metadata!.resourceVersion).toBe(String(await h.store.currentRevision()));
  });
});
