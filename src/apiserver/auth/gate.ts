// AuthGate: the secure port's checkpoint in front of the handler — authenticate, derive the request's
// attributes, authorize, and for a node's object-dependent writes run ./node-restriction. When a check needs
// the body, the body is read here (under the usual limit) and the handler is given a replay of the request to
// read it from. Anonymous requests that the policy refuses get 401, not 403: the client should log in.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { KubeObject } from '../../api/types';
import type { Registry } from '../../registry/rest';
import { decodeBody, mediaType, OBJECT_MEDIA_TYPES, readBody } from '../body';
import { decodeProtobuf, PROTOBUF_MEDIA_TYPE } from '../protobuf';
import { requestAttributes } from './attributes';
import { type Authenticator, unauthorized } from './authenticator';
import { forbidden } from './forbidden';
import { checkNode, needsBody } from './node-restriction';
import { authorize } from './policy';
import { ANONYMOUS, nodeNameOf, type UserInfo } from './user';

export interface AuthGate {
  /**
   * Resolves to the user and the request the handler should read from (a replay if the body was read here).
   * Rejects with a 401 or 403 StatusError; with BodyTooLarge when a body it had to read is over the limit.
   */
  admit(req: IncomingMessage): Promise<{ user: UserInfo; req: IncomingMessage }>;
  /** Headers to add to a 401 (WWW-Authenticate when basic auth is on). */
  challenge: Record<string, string>;
}

/** The request again, its body served from `body`: for the handler after the gate has read the original. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Readable.from([body], { objectMode: false });
  return Object.assign(copy, {
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.url,
    socket: req.socket,
    httpVersion: req.httpVersion,
  }) as unknown as IncomingMessage;
}

function decodeObject(req: IncomingMessage, buf: Buffer): KubeObject | undefined {
  try {
    const media = mediaType(req.headers['content-type']) || 'application/json';
    const value =
      media === PROTOBUF_MEDIA_TYPE ? decodeProtobuf(buf) : decodeBody(buf, media, OBJECT_MEDIA_TYPES);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as KubeObject)
      : undefined;
  } catch {
    return undefined;
  }
}

export function createAuthGate(authenticator: Authenticator, registry: Registry): AuthGate {
  return {
    challenge: authenticator.challenge,
    async admit(req) {
      const user = authenticator.authenticate(req);
      // As Kubernetes' authentication filter: the credential is spent here, so that nothing downstream (the
      // exec upgrade forwards headers to the kubelet) can pass the user's token or password on.
      delete req.headers.authorization;
      const attrs = requestAttributes(req.method ?? 'GET', req.url ?? '/');
      const decision = authorize(user, attrs);
      if (!decision.allowed) throw user === ANONYMOUS ? unauthorized() : forbidden(user, attrs);
      const node = nodeNameOf(user);
      if (!decision.check || node === undefined || attrs.kind !== 'resource') return { user, req };
      if (!needsBody(decision.check)) {
        await checkNode(decision.check, node, attrs, { registry });
        return { user, req };
      }
      const buf = await readBody(req);
      await checkNode(decision.check, node, attrs, { registry, body: decodeObject(req, buf) });
      return { user, req: replay(req, buf) };
    },
  };
}
