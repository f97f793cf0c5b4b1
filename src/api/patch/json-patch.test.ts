import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors';
import { applyJsonPatch, parsePointer } from './json-patch';

// RFC 6902 appendix A: [section, document, patch, expected result].
const OK: [string, unknown, unknown[], unknown][] = [
  [
    'A.1 add an object member',
    { foo: 'bar' },
    [{ op: 'add', path: '/baz', value: 'qux' }],
    { baz: 'qux', foo: 'bar' },
  ],
  [
    'A.2 add an array element',
    { foo: ['bar', 'baz'] },
    [{ op: 'add', path: '/foo/1', value: 'qux' }],
    { foo: ['bar', 'qux', 'baz'] },
  ],
  [
    'A.3 remove an object member',
    { baz: 'qux', foo: 'bar' },
    [{ op: 'remove', path: '/baz' }],
    { foo: 'bar' },
  ],
  [
    'A.4 remove an array element',
    { foo: ['bar', 'qux', 'baz'] },
    [{ op: 'remove', path: '/foo/1' }],
    { foo: ['bar', 'baz'] },
  ],
  [
    'A.5 replace a value',
    { baz: 'qux', foo: 'bar' },
    [{ op: 'replace', path: '/baz', value: 'boo' }],
    { baz: 'boo', foo: 'bar' },
  ],
  [
    'A.6 move a value',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  [
    'A.7 move an array element',
    { foo: ['all', 'grass', 'cows', 'eat'] },
    [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    { foo: ['all', 'cows', 'eat', 'grass'] },
  ],
  [
    'A.8 test a value: success',
    { baz: 'qux', foo: ['a', 2, 'c'] },
    [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    { baz: 'qux', foo: ['a', 2, 'c'] },
  ],
  [
    'A.10 add a nested member object',
    { foo: 'bar' },
    [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    { foo: 'bar', child: { grandchild: {} } },
  ],
  [
    'A.11 ignore unrecognized elements',
    { foo: 'bar' },
    [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    { foo: 'bar', baz: 'qux' },
  ],
  [
    'A.14 ~ escape ordering',
    { '/': 9, '~1': 10 },
    [{ op: 'test', path: '/~01', value: 10 }],
    { '/': 9, '~1': 10 },
  ],
  [
    'A.16 add an array value',
    { foo: ['bar'] },
    [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    { foo: ['bar', ['abc', 'def']] },
  ],
  ['copy', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
  [
    '~1 escape in a label key',
    { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } },
    [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }],
    { metadata: { labels: {} } },
  ],
  ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
];

function failure(doc: unknown, patch: unknown): StatusError {
  try {
    applyJsonPatch(doc, patch);
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('patch applied but should have failed');
}

describe('applyJsonPatch (RFC 6902)', () => {
  it.each(OK)('%s', (_name, doc, patch, result) => {
    expect(applyJsonPatch(doc, patch)).toEqual(result);
  });

  it('A.9 a failing test is 422 Invalid and names both values', () => {
    const e = failure({ baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'bar' }]);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('jsonpatch test operation does not apply: is: "qux", expected: "bar" at "/baz"');
  });

  it('A.12 adding to a nonexistent target is 422 with the missing path', () => {
    const e = failure({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]);
    expect(e.code).toBe(422);
    expect(e.message).toBe('add operation does not apply: doc is missing path: "/baz/bat"');
  });

  it('A.15 comparing a string and a number fails', () => {
    const e = failure({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]);
    expect(e.code).toBe(422);
  });

  it('removing or replacing a missing path is 422', () => {
    expect(failure({ spec: {} }, [{ op: 'remove', path: '/spec/foo' }]).message).toBe(
      'remove operation does not apply: doc is missing path: "/spec/foo"',
    );
    expect(failure({ spec: {} }, [{ op: 'replace', path: '/spec/foo', value: 1 }]).code).toBe(422);
    expect(failure({ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }]).code).toBe(422);
  });

  it.each([
    ['not an array', { op: 'add' }],
    ['unknown op', [{ op: 'frob', path: '/a' }]],
    ['missing value', [{ op: 'add', path: '/a' }]],
    ['missing from', [{ op: 'move', path: '/a' }]],
    ['path without a slash', [{ op: 'add', path: 'a', value: 1 }]],
  ])('a malformed patch (%s) is 400 BadRequest', (_name, patch) => {
    const e = failure({ a: 1 }, patch);
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
  });

  it('applies nothing when a later operation fails, and never mutates the input', () => {
    const doc = Object.freeze({ a: Object.freeze([1, 2]) });
    failure(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'test', path: '/a/0', value: 9 },
    ]);
    expect(doc).toEqual({ a: [1, 2] });
  });

  it('parses pointers with escapes', () => {
    expect(parsePointer('/a~1b/~0c/0')).toEqual(['a/b', '~c', '0']);
    expect(parsePointer('')).toEqual([]);
  });
});
