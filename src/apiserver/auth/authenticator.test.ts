import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticator';
import { parseBasicAuthFile, parseTokenFile } from './csv';
import { ANONYMOUS } from './user';

const auth = createAuthenticator({
  tokens: parseTokenFile('tok-admin,admin,1,system:masters\ntok-n1,system:node:n1,2,system:nodes'),
  basic: parseBasicAuthFile('pa:ss,admin,1,system:masters'),
});

/** A plain-HTTP-like request with the given Authorization header (no TLS, so no certificate). */
const request = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {}, socket: {} }) as unknown as IncomingMessage;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('authenticator', () => {
  it('finds the user of a bearer token, adding system:authenticated', () => {
    expect(auth.authenticate(request('Bearer tok-n1'))).toEqual({
      name: 'system:node:n1',
      uid: '2',
      groups: ['system:nodes', 'system:authenticated'],
    });
    expect(auth.authenticate(request('bearer tok-admin')).name).toBe('admin');
  });

  it('checks a basic password (which may itself contain a colon)', () => {
    expect(auth.authenticate(request(basic('admin', 'pa:ss'))).groups).toContain('system:masters');
  });

  it.each([
    ['an unknown token', 'Bearer tok-nope'],
    ['a token prefix', 'Bearer tok-admi'],
    ['a wrong password', basic('admin', 'pa:sx')],
    ['an unknown user', basic('mallory', 'pa:ss')],
    ['basic without a colon', `Basic ${Buffer.from('admin').toString('base64')}`],
  ])('refuses %s with 401 Unauthorized', (_what, header) => {
    expect(() => auth.authenticate(request(header))).toThrow(
      expect.objectContaining({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' }),
    );
  });

  it('treats no credentials (or a scheme it does not know) as the anonymous user', () => {
    expect(auth.authenticate(request())).toBe(ANONYMOUS);
    expect(auth.authenticate(request('Negotiate abc'))).toBe(ANONYMOUS);
  });

  it('challenges for basic credentials only when basic auth is on', () => {
    expect(auth.challenge).toEqual({ 'WWW-Authenticate': 'Basic realm="kubernetes-master"' });
    expect(createAuthenticator({ tokens: new Map() }).challenge).toEqual({});
  });

  it('reads a verified client certificate as CN = user, O = groups, and refuses an unverified one', () => {
    const tlsRequest = (authorized: boolean, subject: Record<string, string | string[]>) =>
      ({
        headers: {},
        socket: { encrypted: true, authorized, getPeerCertificate: () => ({ subject }) },
      }) as unknown as IncomingMessage;
    expect(auth.authenticate(tlsRequest(true, { CN: 'system:node:n3', O: 'system:nodes' }))).toEqual({
      name: 'system:node:n3',
      groups: ['system:nodes', 'system:authenticated'],
    });
    expect(auth.authenticate(tlsRequest(true, { CN: 'bob', O: ['a', 'b'] })).groups).toEqual([
      'a',
      'b',
      'system:authenticated',
    ]);
    expect(() => auth.authenticate(tlsRequest(false, { CN: 'admin', O: 'system:masters' }))).toThrow(
      expect.objectContaining({ code: 401 }),
    );
  });
});
