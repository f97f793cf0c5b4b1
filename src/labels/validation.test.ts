// Label key/value validation messages, which api validation shows under metadata.labels.
import { describe, expect, it } from 'vitest';
import { validateDNS1123Subdomain, validateLabelKey, validateLabelValue } from './index';

const NAME_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('validateLabelKey', () => {
  it.each(['a', 'A', '1', 'a.b-c_d', 'example.com/a', 'a.b.c/X_y', `${'p'.repeat(253)}/n`, 'k'.repeat(63)])(
    'accepts %j',
    (key) => expect(validateLabelKey(key)).toEqual([]),
  );

  it('reports an empty name with both Kubernetes messages', () => {
    expect(validateLabelKey('')).toEqual(['name part must be non-empty', NAME_RULE]);
  });

  it('reports a long name', () => {
    expect(validateLabelKey('k'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });

  it('reports a bad name', () => {
    expect(validateLabelKey('a b')).toEqual([NAME_RULE]);
  });

  it('reports a long prefix', () => {
    expect(validateLabelKey(`${'p'.repeat(254)}/n`)).toEqual([
      'prefix part must be no more than 253 characters',
    ]);
  });

  it('reports an upper-case prefix', () => {
    expect(validateLabelKey('Example.com/a')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain must consist/,
    );
  });
});

describe('validateLabelValue', () => {
  it.each(['', 'a', 'My_Value-1.0', 'v'.repeat(63)])('accepts %j', (v) =>
    expect(validateLabelValue(v)).toEqual([]),
  );

  it('reports a long value', () => {
    expect(validateLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('reports a value that ends badly', () => {
    expect(validateLabelValue('abc-')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('validateDNS1123Subdomain', () => {
  it('accepts lower-case dotted names and rejects others', () => {
    expect(validateDNS1123Subdomain('kubernetes.io')).toEqual([]);
    expect(validateDNS1123Subdomain('a..b')).toHaveLength(1);
  });
});
