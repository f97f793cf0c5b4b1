import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import { applyPatch, patchTypeFromContentType } from './index';

describe('patchTypeFromContentType', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['Application/Apply-Patch+YAML', 'apply'],
    ['application/json', undefined],
    ['', undefined],
  ])('%s → %s', (ct, type) => {
    expect(patchTypeFromContentType(ct)).toBe(type);
  });
});

describe('applyPatch', () => {
  const pod = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { run: 'p' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });

  it('returns a new object for every type and leaves the original alone', () => {
    const original = pod();
    const snapshot = structuredClone(original);
    const outs = [
      applyPatch('json', original, [{ op: 'add', path: '/metadata/labels/a', value: 'b' }], 'Pod'),
      applyPatch('merge', original, { metadata: { labels: { a: 'b' } } }, 'Pod'),
      applyPatch('strategic', original, { metadata: { labels: { a: 'b' } } }, 'Pod'),
      applyPatch('apply', original, { metadata: { labels: { a: 'b' } } }, 'Pod'),
    ];
    for (const out of outs) {
      expect(out).not.toBe(original);
      expect(out.metadata?.labels).toEqual({ run: 'p', a: 'b' });
    }
    expect(original).toEqual(snapshot);
  });

  it('merge patch replaces lists while strategic merges them by key', () => {
    const patch = { spec: { containers: [{ name: 'd', image: 'nginx' }] } };
    expect((applyPatch('merge', pod(), patch, 'Pod').spec as any).containers).toHaveLength(1);
    expect((applyPatch('strategic', pod(), patch, 'Pod').spec as any).containers).toHaveLength(2);
  });

  it('apply merges the intended object, the applied fields winning', () => {
    const out = applyPatch(
      'apply',
      pod(),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
      'Pod',
    );
    expect((out.spec as any).containers).toEqual([{ name: 'c', image: 'nginx' }]);
    expect(out.metadata?.labels).toEqual({ run: 'p' });
  });

  it('a merge patch that is not an object is 400', () => {
    expect(() => applyPatch('merge', pod(), ['x'], 'Pod')).toThrow(/merge patch must be a JSON object/);
  });

  it('a JSON patch that replaces the document with a non-object is 400', () => {
    expect(() => applyPatch('json', pod(), [{ op: 'replace', path: '', value: 3 }], 'Pod')).toThrow(
      /not a JSON object/,
    );
  });
});
