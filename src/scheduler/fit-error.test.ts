import { describe, expect, it } from 'vitest';
import { fitErrorMessage, newFitError } from './fit-error';

describe('fitErrorMessage', () => {
  it.each<[string, number, [string, number][], string]>([
    [
      'entries sorted as whole strings, as Go sort.Strings does (the count leads)',
      3,
      [
        ['Insufficient cpu', 2],
        ["node(s) didn't have free ports for the requested pod ports", 1],
      ],
      "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 Insufficient cpu.",
    ],
    [
      'same count: by reason',
      2,
      [
        ['Insufficient memory', 2],
        ['Insufficient cpu', 2],
      ],
      '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.',
    ],
    [
      'byte order, so 10 sorts before 9',
      19,
      [
        ['node(s) were unschedulable', 9],
        ['Too many pods', 10],
      ],
      '0/19 nodes are available: 10 Too many pods, 9 node(s) were unschedulable.',
    ],
    [
      'a taint reason',
      1,
      [['node(s) had untolerated taint {node.kubernetes.io/not-ready: }', 1]],
      '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.',
    ],
  ])('%s', (_name, n, reasons, want) => {
    expect(fitErrorMessage(n, new Map(reasons))).toBe(want);
  });

  it('says there are no nodes when the cluster has none', () => {
    expect(newFitError(0, new Map()).message).toBe('no nodes available to schedule pods');
  });
});
