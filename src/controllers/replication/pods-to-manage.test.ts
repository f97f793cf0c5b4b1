import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { makePod, makeRC, rcRef } from '../testing/fixtures';
import { adoptPatch, podsToManage, releasePatch } from './pods-to-manage';

const rc = makeRC('web', { selector: { app: 'web' } });
const other = makeRC('other', { selector: { app: 'web', v: '2' } });
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name).sort();

describe('podsToManage', () => {
  const cases: { name: string; pod: Pod; active?: boolean; adopt?: boolean; release?: boolean }[] = [
    {
      name: 'owned and matching',
      pod: makePod('a', { labels: { app: 'web' }, owners: [rcRef(rc)] }),
      active: true,
    },
    {
      name: 'matching orphan is adopted',
      pod: makePod('b', { labels: { app: 'web' } }),
      active: true,
      adopt: true,
    },
    { name: 'orphan that does not match', pod: makePod('c', { labels: { app: 'db' } }) },
    {
      name: 'owned but no longer matching is released',
      pod: makePod('d', { labels: { app: 'debug' }, owners: [rcRef(rc)] }),
      release: true,
    },
    {
      name: 'controlled by another RC',
      pod: makePod('e', { labels: { app: 'web' }, owners: [rcRef(other)] }),
    },
    {
      name: 'terminal (Succeeded)',
      pod: makePod('f', { labels: { app: 'web' }, owners: [rcRef(rc)], phase: 'Succeeded' }),
    },
    {
      name: 'terminal (Failed)',
      pod: makePod('g', { labels: { app: 'web' }, owners: [rcRef(rc)], phase: 'Failed' }),
    },
    {
      name: 'owned but being deleted',
      pod: makePod('h', { labels: { app: 'web' }, owners: [rcRef(rc)], deleting: true }),
    },
    {
      name: 'orphan being deleted is not adopted',
      pod: makePod('i', { labels: { app: 'web' }, deleting: true }),
    },
    { name: 'other namespace', pod: makePod('j', { labels: { app: 'web' }, namespace: 'prod' }) },
    {
      name: 'non-controller owner reference does not block adoption',
      pod: makePod('k', { labels: { app: 'web' }, owners: [{ ...rcRef(other), controller: false }] }),
      active: true,
      adopt: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = podsToManage(rc, [c.pod]);
      expect(got.active.length > 0).toBe(!!c.active);
      expect(got.adopt.length > 0).toBe(!!c.adopt);
      expect(got.release.length > 0).toBe(!!c.release);
    });
  }

  it('an RC being deleted neither adopts nor releases, but still counts its own pods', () => {
    const dying = makeRC('web', { deleting: true });
    const got = podsToManage(dying, [
      makePod('own', { labels: { app: 'web' }, owners: [rcRef(dying)] }),
      makePod('orphan', { labels: { app: 'web' } }),
      makePod('strayed', { labels: { app: 'x' }, owners: [rcRef(dying)] }),
    ]);
    expect(names(got.active)).toEqual(['own']);
    expect(got.adopt).toEqual([]);
    expect(got.release).toEqual([]);
  });

  it('an RC whose selector is empty claims nothing', () => {
    const bare = makeRC('bare', { selector: {}, templateLabels: {} });
    expect(podsToManage(bare, [makePod('p', { labels: { app: 'web' } })]).active).toEqual([]);
  });

  it('falls back to the template labels when spec.selector is unset', () => {
    const base = makeRC('tpl', { templateLabels: { app: 'tpl' } });
    const noSelector = { ...base, spec: { ...base.spec, selector: undefined } };
    expect(names(podsToManage(noSelector, [makePod('p', { labels: { app: 'tpl' } })]).adopt)).toEqual(['p']);
  });
});

describe('adoption and release patches', () => {
  it('adoption appends the controller reference and guards on the pod uid', () => {
    const pod = makePod('p', { owners: [{ apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'u-t' }] });
    expect(adoptPatch(rc, pod)).toEqual({
      type: 'merge',
      patch: {
        metadata: {
          uid: 'uid-p',
          ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'u-t' }, rcRef(rc)],
        },
      },
    });
  });

  it('release removes only this RC reference; null when none remain', () => {
    expect(releasePatch(rc, makePod('p', { owners: [rcRef(rc)] }))).toEqual({
      type: 'merge',
      patch: { metadata: { uid: 'uid-p', ownerReferences: null } },
    });
  });
});
