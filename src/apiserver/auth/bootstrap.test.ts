import { describe, expect, it } from 'vitest';
import { requestAttributes } from './attributes';
import { parseBootstrapTokenFile } from './bootstrap';
import { authorize } from './policy';
import { ANONYMOUS, authenticated } from './user';

describe('bootstrap tokens', () => {
  it('reads the token file: one token a line, comments and blank lines skipped, each its own user', () => {
    const users = parseBootstrapTokenFile('# join\nabcdef.0123456789abcdef\n\n  zyx987.aaaabbbbccccdddd  \n');
    expect([...users]).toEqual([
      [
        'abcdef.0123456789abcdef',
        { name: 'system:bootstrap:abcdef', uid: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'] },
      ],
      [
        'zyx987.aaaabbbbccccdddd',
        { name: 'system:bootstrap:zyx987', uid: 'system:bootstrap:zyx987', groups: ['system:bootstrappers'] },
      ],
    ]);
  });

  it('refuses a file with anything else, naming the line', () => {
    expect(() => parseBootstrapTokenFile('abcdef.0123456789abcdef\nsecret\n', '/x/bt')).toThrow(
      "bootstrap token file '/x/bt' line 2: want a token such as abcdef.0123456789abcdef",
    );
  });

  it('may ask for node credentials and read the cluster info, and nothing else', () => {
    const joiner = authenticated(
      parseBootstrapTokenFile('abcdef.0123456789abcdef').get('abcdef.0123456789abcdef')!,
    );
    const may = (method: string, url: string) => authorize(joiner, requestAttributes(method, url)).allowed;
    expect(may('POST', '/k8ts/v1/node-credentials')).toBe(true);
    expect(may('GET', '/k8ts/v1/cluster-info')).toBe(true);
    for (const [method, url] of [
      ['GET', '/k8ts/v1/node-credentials'],
      ['GET', '/api/v1/nodes'],
      ['POST', '/api/v1/nodes'],
      ['GET', '/api/v1/namespaces/default/pods'],
      ['GET', '/api'],
      ['GET', '/openapi/v3'],
      ['GET', '/healthz'],
      ['POST', '/k8ts/v1/cluster-info'],
      ['POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews'],
    ] as const)
      expect(may(method, url), `${method} ${url}`).toBe(false);
  });

  it('keeps node-credentials from anyone without the token, and cluster-info open to everyone', () => {
    const attrs = (m: string, u: string) => requestAttributes(m, u);
    expect(authorize(ANONYMOUS, attrs('POST', '/k8ts/v1/node-credentials')).allowed).toBe(false);
    const node = authenticated({ name: 'system:node:n1', groups: ['system:nodes'] });
    expect(authorize(node, attrs('POST', '/k8ts/v1/node-credentials')).allowed).toBe(false);
    expect(authorize(ANONYMOUS, attrs('GET', '/k8ts/v1/cluster-info')).allowed).toBe(true);
  });
});
