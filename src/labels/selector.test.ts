// Selectors built without text: from label sets, from metav1.LabelSelector, everything() and nothing(),
// plus add() and requiresExactMatch(), which controllers and the apiserver use.
import { describe, expect, it } from 'vitest';
import {
  everything,
  nothing,
  parseSelector,
  Requirement,
  SelectorParseError,
  selectorFromLabelSelector,
  selectorFromSet,
} from './index';

describe('selectorFromSet', () => {
  it('is equality on every pair, sorted by key, like an RC selector', () => {
    const s = selectorFromSet({ name: 'frontend', env: 'prod' });
    expect(s.toString()).toBe('env=prod,name=frontend');
    expect(s.matches({ name: 'frontend', env: 'prod', extra: 'x' })).toBe(true);
    expect(s.matches({ name: 'frontend' })).toBe(false);
    expect(s.equals(parseSelector('name=frontend, env=prod'))).toBe(true);
  });

  it('selects everything when the set is empty or missing', () => {
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(selectorFromSet(undefined).matches({ any: 'thing' })).toBe(true);
  });

  it('rejects an invalid key', () => {
    expect(() => selectorFromSet({ 'bad key': 'v' })).toThrow(SelectorParseError);
  });
});

describe('selectorFromLabelSelector', () => {
  it('combines matchLabels and matchExpressions', () => {
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['frontend', 'cache'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'track', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(s.toString()).toBe('app=web,!canary,env notin (dev),tier in (cache,frontend),track');
    expect(s.matches({ app: 'web', tier: 'cache', track: 'stable' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'cache', track: 'stable', canary: 'y' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'cache', env: 'dev', track: 'stable' })).toBe(false);
    expect(parseSelector(s.toString()).equals(s)).toBe(true);
  });

  it('treats a missing selector as nothing and an empty one as everything', () => {
    expect(selectorFromLabelSelector(undefined).matches({})).toBe(false);
    expect(selectorFromLabelSelector(null).empty()).toBe(false);
    expect(selectorFromLabelSelector({}).empty()).toBe(true);
    expect(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).matches(undefined)).toBe(
      true,
    );
  });

  it('rejects unknown operators with the metav1 message', () => {
    expect(() =>
      selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
  });

  it('rejects In without values and Exists with values, listing every problem', () => {
    expect(() =>
      selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    expect(() =>
      selectorFromLabelSelector({ matchExpressions: [{ key: '-a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow(
      /^\[key: Invalid value: "-a": .*, values: Invalid value: \[\]string\{"x"\}: values set must be empty for exists and does not exist\]$/,
    );
  });
});

describe('everything and nothing', () => {
  it('everything matches all and prints as the empty string', () => {
    expect(everything().matches(undefined)).toBe(true);
    expect(everything().toString()).toBe('');
    expect(everything().equals(parseSelector(''))).toBe(true);
  });

  it('nothing matches none, is not empty, and its text cannot be mistaken for everything', () => {
    expect(nothing().matches({})).toBe(false);
    expect(nothing().empty()).toBe(false);
    expect(nothing().add(Requirement.create('a', 'exists')).matches({ a: '1' })).toBe(false);
    expect(() => parseSelector(nothing().toString())).toThrow(SelectorParseError);
    expect(nothing().equals(everything())).toBe(false);
  });
});

describe('add, requirements and requiresExactMatch', () => {
  it('add returns a new sorted selector and leaves the original alone', () => {
    const base = parseSelector('b=1');
    const more = base.add(Requirement.create('a', 'in', ['x']));
    expect(more.toString()).toBe('a in (x),b=1');
    expect(base.toString()).toBe('b=1');
    expect(more.requirements().map((r) => [r.key, r.operator, r.values])).toEqual([
      ['a', 'in', ['x']],
      ['b', '=', ['1']],
    ]);
  });

  it('requiresExactMatch finds a key pinned to one value', () => {
    const s = parseSelector('a=1,b in (2),c in (3,4),d!=5,e');
    expect(s.requiresExactMatch('a')).toBe('1');
    expect(s.requiresExactMatch('b')).toBe('2');
    expect(s.requiresExactMatch('c')).toBeUndefined();
    expect(s.requiresExactMatch('d')).toBeUndefined();
    expect(s.requiresExactMatch('e')).toBeUndefined();
    expect(s.requiresExactMatch('zzz')).toBeUndefined();
  });

  it('Requirement.create validates like NewRequirement', () => {
    expect(() => Requirement.create('a', '=', ['1', '2'])).toThrow(
      'values: Invalid value: []string{"1", "2"}: exact-match compatibility requires one single value',
    );
    expect(() => Requirement.create('a', 'gt', ['1', '2'])).toThrow(/exactly one value is required/);
    expect(() => Requirement.create('a', 'bogus' as never)).toThrow(
      'operator: Unsupported value: "bogus": supported values: "in", "notin", "=", "==", "!=", "exists", "!", "gt", "lt"',
    );
  });
});
