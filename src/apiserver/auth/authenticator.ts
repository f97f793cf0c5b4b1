// Authenticator: who a request on the secure port is. Tried in Kubernetes' order — x509 client certificate
// (CN = user, O = groups, verified against --client-ca-file by the TLS layer), then the Authorization header
// (Bearer from --token-auth-file, Basic from --basic-auth-file). No credentials at all is the anonymous user
// (the policy lets it see only health and version); credentials that do not check out are a 401, whatever
// the path. Secrets are compared as SHA-256 digests with timingSafeEqual, and never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { StatusError } from '../../api/errors';
import type { BasicUser } from './csv';
import { ANONYMOUS, authenticated, type UserInfo } from './user';

export interface AuthenticatorOptions {
  /** token → user (--token-auth-file). */
  tokens?: Map<string, UserInfo>;
  /** user name → password and user (--basic-auth-file). */
  basic?: Map<string, BasicUser>;
}

export interface Authenticator {
  /** The request's user; ANONYMOUS without credentials. Throws a 401 StatusError for bad credentials. */
  authenticate(req: IncomingMessage): UserInfo;
  /** Headers every 401 carries (WWW-Authenticate when basic auth is on). */
  challenge: Record<string, string>;
}

export const BASIC_REALM = 'Basic realm="kubernetes-master"';

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** Equal secrets, in time that does not depend on where they differ. */
export function sameSecret(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

function certificateUser(req: IncomingMessage): UserInfo | 'invalid' | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.encrypted || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return undefined; // no certificate offered
  if (!socket.authorized) return 'invalid';
  const cn = cert.subject.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!name) return 'invalid';
  const o = cert.subject.O as string | string[] | undefined;
  return { name, groups: o === undefined ? [] : Array.isArray(o) ? o : [o] };
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  // Tokens are kept by digest, so that neither the lookup nor the comparison touches the secret itself.
  const tokens = new Map<string, { hash: Buffer; user: UserInfo }>();
  for (const [token, user] of options.tokens ?? []) {
    const hash = digest(token);
    tokens.set(hash.toString('hex'), { hash, user });
  }
  const basic = new Map<string, { hash: Buffer; user: UserInfo }>();
  for (const [name, entry] of options.basic ?? [])
    basic.set(name, { hash: digest(entry.password), user: entry.user });
  // Compared against when the user name is unknown, so that a miss costs what a wrong password costs.
  const decoy = digest('k8ts: no such user');

  const bearer = (token: string): UserInfo | undefined => {
    const hash = digest(token);
    const entry = tokens.get(hash.toString('hex'));
    return entry && sameSecret(entry.hash, hash) ? entry.user : undefined;
  };
  const basicUser = (encoded: string): UserInfo | undefined => {
    const text = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const entry = basic.get(text.slice(0, colon));
    const ok = sameSecret(entry?.hash ?? decoy, digest(text.slice(colon + 1)));
    return entry && ok ? entry.user : undefined;
  };

  return {
    challenge: options.basic?.size ? { 'WWW-Authenticate': BASIC_REALM } : {},
    authenticate(req) {
      const fromCert = certificateUser(req);
      if (fromCert && fromCert !== 'invalid') return authenticated(fromCert);
      const header = req.headers.authorization;
      const space = header?.indexOf(' ') ?? -1;
      const scheme = space < 0 ? '' : header!.slice(0, space).toLowerCase();
      const credential = space < 0 ? '' : header!.slice(space + 1).trim();
      let user: UserInfo | undefined;
      if (scheme === 'bearer' && credential) user = bearer(credential);
      else if (scheme === 'basic' && credential) user = basicUser(credential);
      else if (fromCert === undefined) return ANONYMOUS;
      if (!user) throw unauthorized();
      return authenticated(user);
    },
  };
}
