import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch';

// RFC 7386 appendix A, every example: [target, patch, result].
const RFC7386: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('applyMergePatch (RFC 7386)', () => {
  it.each(RFC7386)('%j + %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('never mutates the target', () => {
    const target = Object.freeze({ metadata: Object.freeze({ labels: Object.freeze({ a: 'b' }) }) });
    const out = applyMergePatch(target, { metadata: { labels: { a: null, c: 'd' } } });
    expect(out).toEqual({ metadata: { labels: { c: 'd' } } });
    expect(target.metadata.labels).toEqual({ a: 'b' });
  });

  it('does not alias the patch in the result', () => {
    const patch = { spec: { selector: { app: 'x' } } };
    const out = applyMergePatch({}, patch) as typeof patch;
    out.spec.selector.app = 'changed';
    expect(patch.spec.selector.app).toBe('x');
  });
});
