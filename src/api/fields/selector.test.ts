// Table tests for field selectors as kubectl sends them: parsing, canonical text, escaping and matching.
import { describe, expect, it } from 'vitest';
import {
  escapeValue,
  everythingFields,
  fieldSelectorFromSet,
  FieldSelectorParseError,
  parseFieldSelector,
  tryParseFieldSelector,
  unescapeValue,
} from './index';

// [input, canonical toString()]
const VALID: [string, string][] = [
  ['', ''],
  ['metadata.name=x', 'metadata.name=x'],
  ['metadata.name==x', 'metadata.name=x'],
  ['status.phase!=Running', 'status.phase!=Running'],
  ['spec.nodeName=', 'spec.nodeName='],
  ['spec.nodeName!=', 'spec.nodeName!='],
  [
    'spec.nodeName=n,status.phase!=Succeeded,status.phase!=Failed',
    'spec.nodeName=n,status.phase!=Failed,status.phase!=Succeeded',
  ],
  ['b=1,a=2', 'a=2,b=1'],
  ['a=1,,b=2,', 'a=1,b=2'],
  ['a=x\\,y', 'a=x\\,y'],
  ['a=x\\=y', 'a=x\\=y'],
  ['a=x\\\\y', 'a=x\\\\y'],
  ['a==\\=', 'a=\\='],
];

// [input, message]
const INVALID: [string, string][] = [
  ['a', "invalid selector: 'a'; can't understand 'a'"],
  ['a=1,b', "invalid selector: 'a=1,b'; can't understand 'b'"],
  ['=x', "invalid selector: '=x'; can't understand '=x'"],
  ['a=b=c', "invalid field selector: unescaped character in value: '=' (write it as '\\=')"],
  ['a=b\\c', 'invalid field selector: invalid escape sequence: \\c'],
  ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
];

describe('parseFieldSelector', () => {
  it.each(VALID)('%j prints as %j and round-trips', (input, canonical) => {
    const s = parseFieldSelector(input);
    expect(s.toString()).toBe(canonical);
    expect(parseFieldSelector(s.toString()).equals(s)).toBe(true);
  });

  it.each(INVALID)('rejects %j', (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(FieldSelectorParseError);
    expect(tryParseFieldSelector(input)).toEqual({ error: message });
  });

  it('unescapes values into requirements', () => {
    expect(parseFieldSelector('a=x\\,y,b!=').requirements()).toEqual([
      { field: 'a', operator: '=', value: 'x,y' },
      { field: 'b', operator: '!=', value: '' },
    ]);
  });
});

// [selector, fields, matches]
const MATCHES: [string, Record<string, string>, boolean][] = [
  ['', {}, true],
  ['metadata.name=x', { 'metadata.name': 'x' }, true],
  ['metadata.name=x', { 'metadata.name': 'y' }, false],
  ['spec.nodeName=', { 'spec.nodeName': '' }, true],
  ['spec.nodeName=', {}, true],
  ['spec.nodeName!=', { 'spec.nodeName': 'n1' }, true],
  ['spec.nodeName!=', {}, false],
  ['status.phase!=Running', {}, true],
  [
    'spec.nodeName=n,status.phase!=Succeeded,status.phase!=Failed',
    { 'spec.nodeName': 'n', 'status.phase': 'Running' },
    true,
  ],
  [
    'spec.nodeName=n,status.phase!=Succeeded,status.phase!=Failed',
    { 'spec.nodeName': 'n', 'status.phase': 'Failed' },
    false,
  ],
  ['a=x\\,y', { a: 'x,y' }, true],
  ['toString=', {}, true],
];

describe('FieldSelector.matches', () => {
  it.each(MATCHES)('%j on %j → %s', (selector, fields, expected) => {
    expect(parseFieldSelector(selector).matches(fields)).toBe(expected);
  });
});

describe('singleValue, sets and escaping', () => {
  it('finds metadata.name=x for single-object watches, not != or absent fields', () => {
    const s = parseFieldSelector('metadata.name==web-1,status.phase!=Failed');
    expect(s.singleValue('metadata.name')).toBe('web-1');
    expect(s.singleValue('status.phase')).toBeUndefined();
    expect(s.singleValue('spec.nodeName')).toBeUndefined();
  });

  it('builds from a set, escaping values', () => {
    const s = fieldSelectorFromSet({ 'spec.nodeName': 'n1', 'metadata.name': 'a=b' });
    expect(s.toString()).toBe('metadata.name=a\\=b,spec.nodeName=n1');
    expect(s.matches({ 'spec.nodeName': 'n1', 'metadata.name': 'a=b' })).toBe(true);
  });

  it('everythingFields is empty and matches anything', () => {
    expect(everythingFields().empty()).toBe(true);
    expect(everythingFields().matches({ x: 'y' })).toBe(true);
  });

  it('escapeValue and unescapeValue are inverse', () => {
    for (const v of ['', 'plain', 'a,b', 'a=b', 'back\\slash', '\\,=\\'])
      expect(unescapeValue(escapeValue(v))).toBe(v);
  });
});
