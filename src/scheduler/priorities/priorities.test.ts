import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { selectorFromSet } from '../../labels';
import { newPodInfo } from '../pod-info';
import { makeNode, makePod, nodeInfoWith } from '../test-fixtures';
import { leastRequestedScore } from './least-requested';
import { selectorSpread } from './selector-spread';
import { prioritize } from './index';

describe('leastRequestedScore', () => {
  // Node: 4 cpu, 8Gi. Scores per resource: (alloc - requested incl. this pod) * 100 / alloc, averaged.
  it.each<[string, Pod[], Pod, number]>([
    ['empty node, pod asks 1 cpu / 2Gi: (75 + 75) / 2', [], makePod('p', { cpu: '1', memory: '2Gi' }), 75],
    [
      '2 of 4 cpu and 2 of 8Gi requested: (50 + 75) / 2',
      [makePod('a', { cpu: '1', memory: '1Gi' })],
      makePod('p', { cpu: '1', memory: '1Gi' }),
      62,
    ],
    ['no requests count 100m / 200Mi: (97 + 97) / 2', [], makePod('p'), 97],
    [
      'over-committed resource scores 0: (0 + 50) / 2',
      [makePod('a', { cpu: '4', memory: '0' })],
      makePod('p', { cpu: '1', memory: '4Gi' }),
      25,
    ],
  ])('%s', (_name, onNode, pod, want) => {
    expect(leastRequestedScore(newPodInfo(pod), nodeInfoWith(makeNode('n'), onNode))).toBe(want);
  });

  it('scores 0 on a node with no allocatable resources', () => {
    expect(
      leastRequestedScore(newPodInfo(makePod('p')), nodeInfoWith(makeNode('n', { cpu: '0', memory: '0' }))),
    ).toBe(0);
  });
});

describe('selectorSpread', () => {
  const web = { labels: { app: 'web' } };
  const selectors = [selectorFromSet({ app: 'web' })];
  const pod = newPodInfo(makePod('new', web));
  const nodes = (...podsPerNode: Pod[][]) =>
    podsPerNode.map((pods, i) => nodeInfoWith(makeNode(`n${i}`), pods));

  it.each<[string, Pod[][], number[]]>([
    ['no matching pods anywhere: all 100', [[], [makePod('db', { labels: { app: 'db' } })]], [100, 100]],
    [
      'fewer matching pods, higher score',
      [[], [makePod('a', web)], [makePod('b', web), makePod('c', web)]],
      [100, 50, 0],
    ],
    [
      'pods of another namespace do not count',
      [[makePod('a', { ...web, namespace: 'other' })], [makePod('b', web)]],
      [100, 0],
    ],
    [
      'pods being deleted do not count',
      [[makePod('a', { ...web, deleting: true })], [makePod('b', web)]],
      [100, 0],
    ],
  ])('%s', (_name, podsPerNode, want) => {
    expect(selectorSpread.scores(pod, nodes(...podsPerNode), { selectors })).toEqual(want);
  });

  it('with several selectors (service and controller), a pod counts only when it matches them all', () => {
    const both = [selectorFromSet({ app: 'web' }), selectorFromSet({ tier: 'front' })];
    const sibling = makePod('a', { labels: { app: 'web', tier: 'front' } });
    const ns = nodes([sibling], [makePod('b', web)], [makePod('c', { labels: { tier: 'front' } })]);
    expect(selectorSpread.scores(pod, ns, { selectors: both })).toEqual([0, 100, 100]);
  });

  it('counts only the nodes it is given: a busier node that is not feasible does not set the maximum', () => {
    const [empty, busy, one] = nodes([], [makePod('a', web), makePod('b', web)], [makePod('c', web)]);
    expect(selectorSpread.scores(pod, [empty!, one!], { selectors })).toEqual([100, 0]);
    expect(selectorSpread.scores(pod, [one!, busy!], { selectors })).toEqual([50, 0]);
  });

  it('without selectors every node is equal', () => {
    expect(selectorSpread.scores(pod, nodes([makePod('a', web)], []), { selectors: [] })).toEqual([100, 100]);
  });
});

describe('prioritize', () => {
  it('adds the weighted scores', () => {
    const pod = newPodInfo(makePod('p', { cpu: '1', memory: '2Gi', labels: { app: 'web' } }));
    const ns = [
      nodeInfoWith(makeNode('a')),
      nodeInfoWith(makeNode('b'), [makePod('x', { labels: { app: 'web' } })]),
    ];
    // a: least requested 75 + spread 100; b: least requested (72 + 72) / 2 = 72 + spread 0.
    expect(prioritize(pod, ns, { selectors: [selectorFromSet({ app: 'web' })] })).toEqual([175, 72]);
  });
});
