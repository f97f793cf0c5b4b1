import { describe, expect, it } from 'vitest';
import { effectiveTaints, toleratesTaint, type Taint, type Toleration } from './taints';
import { makeNode } from './test-fixtures';

const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, boolean]>([
    ['Equal with same key, value and effect', { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, true],
    ['operator defaults to Equal', { key: 'dedicated', operator: '', value: 'gpu' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'db' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, true],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['empty effect matches every effect', { key: 'dedicated', operator: 'Exists', effect: '' }, true],
    ['other effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['other key', { key: 'zone', operator: 'Exists' }, false],
    ['unknown operator', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false],
  ])('%s', (_name, toleration, want) => {
    expect(toleratesTaint(toleration, taint)).toBe(want);
  });
});

describe('effectiveTaints', () => {
  it.each<[string, 'True' | 'False' | 'Unknown' | 'missing', string[]]>([
    ['a Ready node carries only its own taints', 'True', ['dedicated']],
    ['Ready=False adds not-ready', 'False', ['dedicated', 'node.kubernetes.io/not-ready']],
    ['Ready=Unknown adds unreachable', 'Unknown', ['dedicated', 'node.kubernetes.io/unreachable']],
    ['no Ready condition adds not-ready', 'missing', ['dedicated', 'node.kubernetes.io/not-ready']],
  ])('%s', (_name, ready, keys) => {
    expect(effectiveTaints(makeNode('n', { ready, taints: [taint] })).map((t) => t.key)).toEqual(keys);
  });

  it('does not add a readiness taint the node already carries', () => {
    const own: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
    expect(effectiveTaints(makeNode('n', { ready: 'False', taints: [own] }))).toEqual([own]);
  });
});
