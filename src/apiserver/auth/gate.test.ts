import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Registry } from '../../registry/rest';
import { readBody } from '../body';
import { createAuthenticator } from './authenticator';
import { parseTokenFile } from './csv';
import { createAuthGate } from './gate';

const gate = createAuthGate(
  createAuthenticator({ tokens: parseTokenFile('tok-n1,system:node:n1,1,system:nodes\ntok-bob,bob,2') }),
  {} as Registry, // the cases below never look a pod up
);

/** A request as the TLS listener hands it over, with a body to read. */
function request(method: string, url: string, token?: string, body = ''): IncomingMessage {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return Object.assign(Readable.from([Buffer.from(body)], { objectMode: false }), {
    method,
    url,
    headers,
    socket: {},
  }) as unknown as IncomingMessage;
}

describe('AuthGate', () => {
  it('admits an allowed request and removes its credential before anything downstream sees it', async () => {
    const req = request('GET', '/api/v1/nodes', 'tok-n1');
    const admitted = await gate.admit(req);
    expect(admitted.user.name).toBe('system:node:n1');
    expect(admitted.req).toBe(req);
    expect(req.headers.authorization).toBeUndefined();
  });

  it('answers 401 to an anonymous request the policy refuses, 403 to a known user', async () => {
    await expect(gate.admit(request('GET', '/api/v1/nodes'))).rejects.toMatchObject({ code: 401 });
    await expect(gate.admit(request('GET', '/api/v1/nodes', 'tok-bob'))).rejects.toMatchObject({
      code: 403,
      message:
        'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope',
    });
  });

  it('reads the body for a node check and hands the handler a replay of it', async () => {
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const admitted = await gate.admit(request('POST', '/api/v1/nodes', 'tok-n1', node));
    expect(admitted.req.method).toBe('POST');
    expect(admitted.req.headers['content-type']).toBe('application/json');
    expect((await readBody(admitted.req)).toString()).toBe(node);

    const other = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } });
    await expect(gate.admit(request('POST', '/api/v1/nodes', 'tok-n1', other))).rejects.toMatchObject({
      code: 403,
    });
    await expect(gate.admit(request('POST', '/api/v1/nodes', 'tok-n1', '{not json'))).rejects.toMatchObject({
      code: 403,
      message: 'nodes is forbidden: the request body could not be decoded',
    });
  });
});
