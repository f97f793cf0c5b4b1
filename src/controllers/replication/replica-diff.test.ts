import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { makePod, makeRC } from '../testing/fixtures';
import { POD_DELETION_COST, rankForDeletion } from './deletion-order';
import { replicaDiff, slowStartBatches } from './replica-diff';

const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name);
const running = (name: string, o: Parameters<typeof makePod>[1] = {}) =>
  makePod(name, { nodeName: 'n1', phase: 'Running', ready: true, readySince: 10, ...o });

describe('replicaDiff', () => {
  const pods = (n: number) => Array.from({ length: n }, (_, i) => running(`p${i}`, { created: i }));
  const cases: { name: string; replicas: number; have: number; create: number; deleted: number }[] = [
    { name: 'too few: create the difference', replicas: 3, have: 1, create: 2, deleted: 0 },
    { name: 'exactly right: nothing', replicas: 3, have: 3, create: 0, deleted: 0 },
    { name: 'too many: delete the difference', replicas: 1, have: 3, create: 0, deleted: 2 },
    { name: 'scale to zero deletes all', replicas: 0, have: 2, create: 0, deleted: 2 },
    { name: 'creation capped at the burst limit', replicas: 900, have: 0, create: 500, deleted: 0 },
    { name: 'deletion capped at the burst limit', replicas: 0, have: 600, create: 0, deleted: 500 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = replicaDiff(makeRC('web', { replicas: c.replicas }), deepFreeze(pods(c.have)));
      expect(got.create).toBe(c.create);
      expect(got.delete).toHaveLength(c.deleted);
    });
  }

  it('replicas unset means one', () => {
    const base = makeRC('web');
    expect(replicaDiff({ ...base, spec: { ...base.spec, replicas: undefined } }, []).create).toBe(1);
  });

  it('an RC being deleted creates and deletes nothing', () => {
    expect(replicaDiff(makeRC('web', { replicas: 5, deleting: true }), [])).toEqual({
      create: 0,
      delete: [],
    });
  });

  it('deletes the cheapest pods: unscheduled, not ready, newest', () => {
    const have = [
      running('old-ready', { created: 1 }),
      running('new-ready', { created: 5 }),
      makePod('unscheduled', { created: 0 }),
      running('not-ready', { ready: false, created: 0 }),
    ];
    expect(names(replicaDiff(makeRC('web', { replicas: 1 }), have).delete)).toEqual([
      'unscheduled',
      'not-ready',
      'new-ready',
    ]);
  });
});

describe('rankForDeletion', () => {
  const cases: { name: string; first: Pod; second: Pod }[] = [
    { name: 'unassigned before assigned', first: makePod('a'), second: running('b') },
    {
      name: 'Pending before Unknown before Running',
      first: running('a', { phase: 'Pending', ready: false }),
      second: running('b', { phase: 'Unknown', ready: false }),
    },
    { name: 'Unknown before Running', first: running('a', { phase: 'Unknown' }), second: running('b') },
    { name: 'not ready before ready', first: running('a', { ready: false }), second: running('b') },
    {
      name: 'lower pod-deletion-cost first',
      first: running('b', { annotations: { [POD_DELETION_COST]: '-10' } }),
      second: running('a'),
    },
    {
      name: 'ready for less time first',
      first: running('b', { readySince: 50 }),
      second: running('a', { readySince: 20 }),
    },
    {
      name: 'more restarts first',
      first: running('b', { restarts: 4 }),
      second: running('a', { restarts: 1 }),
    },
    { name: 'newer first', first: running('b', { created: 9 }), second: running('a', { created: 3 }) },
    { name: 'name breaks a full tie', first: running('a'), second: running('b') },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(names(rankForDeletion(deepFreeze([c.second, c.first])))).toEqual(names([c.first, c.second]));
      expect(names(rankForDeletion([c.first, c.second]))).toEqual(names([c.first, c.second]));
    });
  }

  it('a node running two replicas loses one before a node running one', () => {
    const pods = [
      running('alone', { nodeName: 'n1' }),
      running('twin1', { nodeName: 'n2' }),
      running('twin2', { nodeName: 'n2' }),
    ];
    expect(names(rankForDeletion(pods)).slice(0, 2)).toEqual(['twin1', 'twin2']);
  });
});

describe('slowStartBatches', () => {
  it('doubles from one and never overshoots', () => {
    expect(slowStartBatches(10)).toEqual([1, 2, 4, 3]);
    expect(slowStartBatches(0)).toEqual([]);
    expect(slowStartBatches(1)).toEqual([1]);
    expect(slowStartBatches(7)).toEqual([1, 2, 4]);
  });
});
