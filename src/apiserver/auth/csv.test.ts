import { describe, expect, it } from 'vitest';
import { parseBasicAuthFile, parseCsv, parseTokenFile } from './csv';

describe('parseCsv', () => {
  it.each([
    ['a,b,c', [['a', 'b', 'c']]],
    ['a,"b,c",d', [['a', 'b,c', 'd']]],
    ['"say ""hi""",x', [['say "hi"', 'x']]],
    [
      'a,b\r\n\r\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a,b,', [['a', 'b', '']]],
    ['"multi\nline",x', [['multi\nline', 'x']]],
    ['', []],
  ])('%j', (text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });

  it.each([
    ['a,"b', 'line 1: extraneous or missing " in quoted-field'],
    ['a,b"c', 'line 1: bare " in non-quoted-field'],
    ['ok\n"x"y', 'line 2: extraneous or missing " in quoted-field'],
  ])('refuses %j', (text, message) => {
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('parseTokenFile', () => {
  it('reads tokens with quoted group lists, skips empty tokens, keeps the last of a repeated token', () => {
    const tokens = parseTokenFile(
      [
        'tok1,admin,uid-1,"system:masters,devs"',
        'tok2,system:node:n1,uid-2,system:nodes',
        'tok3,system:kube-proxy,uid-3',
        ',nobody,uid-4',
        'tok2,system:node:n2,uid-5,system:nodes',
      ].join('\n'),
    );
    expect([...tokens.keys()]).toEqual(['tok1', 'tok2', 'tok3']);
    expect(tokens.get('tok1')).toEqual({ name: 'admin', uid: 'uid-1', groups: ['system:masters', 'devs'] });
    expect(tokens.get('tok2')).toEqual({ name: 'system:node:n2', uid: 'uid-5', groups: ['system:nodes'] });
    expect(tokens.get('tok3')?.groups).toEqual([]);
  });

  it('says which file and record lacks columns, without echoing the line (it holds a secret)', () => {
    let message = '';
    try {
      parseTokenFile('tok1,admin,uid\nsecret-token,admin', '/etc/k8ts/tokens.csv');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "token file '/etc/k8ts/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2 in record 2",
    );
    expect(message).not.toContain('secret-token');
  });
});

describe('parseBasicAuthFile', () => {
  it('reads password,user,uid with optional quoted groups, keyed by user', () => {
    const users = parseBasicAuthFile('s3cret,admin,admin,"system:masters"\npw,bob,uid-2\n');
    expect(users.get('admin')).toEqual({
      password: 's3cret',
      user: { name: 'admin', uid: 'admin', groups: ['system:masters'] },
    });
    expect(users.get('bob')).toEqual({ password: 'pw', user: { name: 'bob', uid: 'uid-2', groups: [] } });
  });

  it('refuses a record of two columns', () => {
    expect(() => parseBasicAuthFile('pw,bob', 'auth.csv')).toThrow(
      "password file 'auth.csv' must have at least 3 columns (password, user name, user uid), found 2 in record 1",
    );
  });
});
