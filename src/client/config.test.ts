import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from './config';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes a one-context kubeconfig with these cluster and user fields (YAML flow maps) in a fresh dir. */
function kubeconfig(cluster: string, user: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-config-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    [
      'current-context: c',
      'contexts: [{ name: c, context: { cluster: k, user: u } }]',
      `clusters: [{ name: k, cluster: { server: "https://127.0.0.1:6443/", ${cluster} } }]`,
      `users: [{ name: u, user: { ${user} } }]`,
    ].join('\n'),
  );
  return path;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('loadKubeconfig', () => {
  it('reads inline CA, client certificate and key data', () => {
    const { config } = loadKubeconfig(
      kubeconfig(
        `certificate-authority-data: ${b64('CA PEM')}`,
        `client-certificate-data: ${b64('CERT PEM')}, client-key-data: ${b64('KEY PEM')}`,
      ),
    );
    expect(config.server).toBe('https://127.0.0.1:6443');
    expect(config.ca?.toString()).toBe('CA PEM');
    expect(config.cert?.toString()).toBe('CERT PEM');
    expect(config.key?.toString()).toBe('KEY PEM');
  });

  it('reads files named relative to the kubeconfig: CA, client pair and tokenFile', () => {
    const { config } = loadKubeconfig(
      kubeconfig(
        'certificate-authority: ca.crt',
        'client-certificate: me.crt, client-key: me.key, tokenFile: token',
        { 'ca.crt': 'CA', 'me.crt': 'CERT', 'me.key': 'KEY', token: 'tok-from-file\n' },
      ),
    );
    expect([config.ca, config.cert, config.key].map(String)).toEqual(['CA', 'CERT', 'KEY']);
    expect(config.token).toBe('tok-from-file');
  });

  it('reads basic credentials and insecure-skip-tls-verify', () => {
    const { config } = loadKubeconfig(
      kubeconfig('insecure-skip-tls-verify: true', 'username: admin, password: "pw"'),
    );
    expect(config).toEqual({
      server: 'https://127.0.0.1:6443',
      insecureSkipTlsVerify: true,
      username: 'admin',
      password: 'pw',
    });
  });

  it('refuses a token together with basic credentials, as kubectl does', () => {
    expect(() => loadKubeconfig(kubeconfig('', 'token: t, username: admin, password: pw'))).toThrow(
      'more than one authentication method found for u; found [token basicAuth]',
    );
  });
});
