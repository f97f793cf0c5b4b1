import { describe, expect, it } from 'vitest';
import { levelForVerbosity, objectFields } from './log';

describe('levelForVerbosity', () => {
  it.each([
    [0, 'info'],
    ['1', 'info'],
    [2, 'debug'],
    ['3', 'debug'],
    [4, 'trace'],
    ['10', 'trace'],
  ])('--v %s logs at %s', (v, level) => expect(levelForVerbosity(v)).toBe(level));

  it.each(['-1', '2.5', 'debug', ''])('rejects --v %j', (v) =>
    expect(() => levelForVerbosity(v)).toThrow(/invalid --v/),
  );
});

describe('objectFields', () => {
  it('names a namespaced object by namespace and name, a cluster-scoped one by name', () => {
    expect(objectFields({ metadata: { namespace: 'default', name: 'web' } })).toEqual({
      namespace: 'default',
      name: 'web',
    });
    expect(objectFields({ metadata: { name: 'n1' } })).toEqual({ name: 'n1' });
  });
});
