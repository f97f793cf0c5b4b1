import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../pod-info';
import { makeNode, makePod, nodeInfoWith, type PodSpecLite } from '../test-fixtures';
import { nodeResourcesFit } from './node-resources-fit';

describe('nodeResourcesFit', () => {
  const node = makeNode('n', { cpu: '2', memory: '1Gi', pods: '3' });
  const twoUsed = [
    makePod('a', { cpu: '1', memory: '512Mi' }),
    makePod('b', { cpu: '500m', memory: '256Mi' }),
  ];

  it.each<[string, PodSpecLite, string[] | 'fits']>([
    ['fits in what is left', { cpu: '500m', memory: '256Mi' }, 'fits'],
    ['one millicore too many', { cpu: '501m' }, ['Insufficient cpu']],
    ['one byte too many', { memory: `${256 * 1024 * 1024 + 1}` }, ['Insufficient memory']],
    ['both short: both reasons', { cpu: '1', memory: '1Gi' }, ['Insufficient cpu', 'Insufficient memory']],
    ['no requests: only the pod count matters', {}, 'fits'],
  ])('%s', (_name, spec, want) => {
    const r = nodeResourcesFit(newPodInfo(makePod('p', spec)), nodeInfoWith(node, twoUsed));
    expect(r.fits ? 'fits' : r.reasons).toEqual(want);
  });

  it('refuses the pod past the pod count, even one that requests nothing', () => {
    const full = nodeInfoWith(node, [...twoUsed, makePod('c')]);
    const r = nodeResourcesFit(newPodInfo(makePod('p', { cpu: '2' })), full);
    expect(r).toEqual({ fits: false, reasons: ['Too many pods', 'Insufficient cpu'] });
    expect(nodeResourcesFit(newPodInfo(makePod('q')), full)).toEqual({
      fits: false,
      reasons: ['Too many pods'],
    });
  });

  it('does not count containers without requests against the node', () => {
    const busy = nodeInfoWith(node, [makePod('a'), makePod('b')]);
    expect(nodeResourcesFit(newPodInfo(makePod('p', { cpu: '2', memory: '1Gi' })), busy).fits).toBe(true);
  });
});
