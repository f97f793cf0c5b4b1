// Table tests for parseSelector: what parses (and its canonical text), what does not (with Kubernetes'
// message), and that canonical text always parses back to an equal selector.
import { describe, expect, it } from 'vitest';
import { parseSelector, SelectorParseError, tryParseSelector } from './index';

const KEY_NAME_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

// [input, canonical toString()]
const VALID: [string, string][] = [
  ['', ''],
  ['   ', ''],
  ['x=a', 'x=a'],
  ['x==a', 'x==a'],
  ['x!=a', 'x!=a'],
  ['x = a', 'x=a'],
  ['\tx\t!=\ta\n', 'x!=a'],
  ['x=', 'x='],
  ['x==', 'x=='],
  ['a=,b', 'a=,b'],
  ['x', 'x'],
  ['!x', '!x'],
  ['! x', '!x'],
  ['x,!y', 'x,!y'],
  ['x in (a)', 'x in (a)'],
  ['x in (b,a)', 'x in (a,b)'],
  ['x in (a,a,b)', 'x in (a,b)'],
  ['x in ( a , b )', 'x in (a,b)'],
  ['x notin(a)', 'x notin (a)'],
  ['x notin ()', 'x notin ()'],
  ['x in (,)', 'x in ()'],
  ['x in (a,)', 'x in (,a)'],
  ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
  ['tier in (frontend), stack in (prod)', 'stack in (prod),tier in (frontend)'],
  ['in in (in)', 'in in (in)'],
  ['notin notin (notin,in)', 'notin notin (in,notin)'],
  ['b=1,a=2', 'a=2,b=1'],
  ['x=a,x=b', 'x=a,x=b'],
  ['x>1', 'x>1'],
  ['x < 10', 'x<10'],
  ['example.com/app=web', 'example.com/app=web'],
  ['k8s.io/a-b_c.d=Some_Value-1.0', 'k8s.io/a-b_c.d=Some_Value-1.0'],
  ['A=B', 'A=B'],
  [`${'k'.repeat(63)}=${'v'.repeat(63)}`, `${'k'.repeat(63)}=${'v'.repeat(63)}`],
  [
    'environment in (production, qa), tier notin (frontend, backend), partition, !canary',
    '!canary,environment in (production,qa),partition,tier notin (backend,frontend)',
  ],
];

// [input, exact message]
const INVALID: [string, string][] = [
  [',', "found ',', expected: !, identifier, or 'end of string'"],
  [',x', "found ',', expected: !, identifier, or 'end of string'"],
  ['x=a,', "found '', expected: identifier after ','"],
  ['x=a,,y', "found ',', expected: identifier after ','"],
  ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
  ['(x)', "found '(', expected: !, identifier, or 'end of string'"],
  ['!a=b', "found '=', expected: ',' or 'end of string'"],
  ['a=b c', "found 'c', expected: ',' or 'end of string'"],
  ['a=b=c', "found '=', expected: ',' or 'end of string'"],
  ['!', "unable to parse requirement: found '', expected: identifier"],
  ['x (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
  ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
  ['x IN (a)', "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"],
  ['a in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
  ['x in a', "unable to parse requirement: found 'a' expected: '('"],
  ['x in', "unable to parse requirement: found '' expected: '('"],
  ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
  ['x in ((a))', "unable to parse requirement: found '(', expected: ',', ')' or identifier"],
  ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
  ['x=!y', "unable to parse requirement: found '!', expected: identifier"],
  ['a===b', "unable to parse requirement: found '=', expected: identifier"],
  ['x==(a)', "unable to parse requirement: found '(', expected: identifier"],
  [
    'x>a',
    `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  [
    'x<',
    `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  ['-a', `unable to parse requirement: key: Invalid value: "-a": ${KEY_NAME_RULE}`],
  ['a_=b', `unable to parse requirement: key: Invalid value: "a_": ${KEY_NAME_RULE}`],
  ['x=$', `unable to parse requirement: values[0][x]: Invalid value: "$": ${VALUE_RULE}`],
  ['x in (a,-b)', `unable to parse requirement: values[1][x]: Invalid value: "-b": ${VALUE_RULE}`],
  [
    `x=${'v'.repeat(64)}`,
    `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
  ],
  [
    `${'k'.repeat(64)}`,
    `unable to parse requirement: key: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
  ],
  ['/a', 'unable to parse requirement: key: Invalid value: "/a": prefix part must be non-empty'],
  [
    'a/',
    `unable to parse requirement: key: Invalid value: "a/": name part must be non-empty; ${KEY_NAME_RULE}`,
  ],
  [
    'Example.com/a',
    `unable to parse requirement: key: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ],
  [
    'a/b/c',
    `unable to parse requirement: key: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ],
];

describe('parseSelector accepts the Kubernetes grammar', () => {
  it.each(VALID)('%j prints as %j', (input, canonical) => {
    const s = parseSelector(input);
    expect(s.toString()).toBe(canonical);
    expect(s.empty()).toBe(canonical === '');
  });

  it.each(VALID)('%j round-trips through its canonical text', (input) => {
    const s = parseSelector(input);
    const again = parseSelector(s.toString());
    expect(again.equals(s)).toBe(true);
    expect(again.toString()).toBe(s.toString());
  });
});

describe('parseSelector rejects bad text with Kubernetes wording', () => {
  it.each(INVALID)('%j', (input, message) => {
    let caught: unknown;
    try {
      parseSelector(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SelectorParseError);
    expect((caught as SelectorParseError).message).toBe(message);
    expect((caught as SelectorParseError).selector).toBe(input);
  });

  it('tryParseSelector reports the same message as a value', () => {
    expect(tryParseSelector('x (')).toEqual({
      error: "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
    });
    const ok = tryParseSelector('a=b');
    expect('selector' in ok && ok.selector.toString()).toBe('a=b');
  });
});

// [selector, labels, matches]
const MATCHES: [string, Record<string, string> | undefined, boolean][] = [
  ['', undefined, true],
  ['', { a: 'b' }, true],
  ['x=a', { x: 'a' }, true],
  ['x=a', { x: 'b' }, false],
  ['x=a', {}, false],
  ['x=a', undefined, false],
  ['x==a', { x: 'a', y: 'z' }, true],
  ['x!=a', { x: 'b' }, true],
  ['x!=a', { x: 'a' }, false],
  ['x!=a', {}, true],
  ['x=', { x: '' }, true],
  ['x=', {}, false],
  ['x', { x: '' }, true],
  ['x', { y: 'x' }, false],
  ['!x', { y: 'x' }, true],
  ['!x', { x: '' }, false],
  ['!x', undefined, true],
  ['x in (a,b)', { x: 'b' }, true],
  ['x in (a,b)', { x: 'c' }, false],
  ['x in (a,b)', {}, false],
  ['x notin (a,b)', { x: 'c' }, true],
  ['x notin (a,b)', { x: 'a' }, false],
  ['x notin (a,b)', {}, true],
  ['x in (a,)', { x: '' }, true],
  ['x>1', { x: '2' }, true],
  ['x>1', { x: '1' }, false],
  ['x>1', { x: 'two' }, false],
  ['x>1', {}, false],
  ['x<10', { x: '9' }, true],
  ['x<10', { x: '10' }, false],
  ['x>9223372036854775806', { x: '9223372036854775807' }, true],
  ['tier in (frontend), stack in (prod)', { tier: 'frontend', stack: 'prod' }, true],
  ['tier in (frontend), stack in (prod)', { tier: 'frontend', stack: 'dev' }, false],
  ['name=frontend,!canary', { name: 'frontend', canary: 'true' }, false],
  ['toString', {}, false],
  ['!constructor', {}, true],
];

describe('Selector.matches', () => {
  it.each(MATCHES)('%j on %j → %s', (selector, labels, expected) => {
    expect(parseSelector(selector).matches(labels)).toBe(expected);
  });
});
