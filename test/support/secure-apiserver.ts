// The secure apiserver set-up the auth specs share: a CA and serving certificate from src/cluster/pki, a token
// file with an admin, node n1 and the scheduler, and a basic-auth file with one admin password, all written
// into the test's directory — and the same set either as `k8ts apiserver` flags (a real process) or as
// startApiServer options (in-process). Each spec keeps its own password so a leaked secret names its test.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiServerOptions } from '../../src/apiserver';
import { generateCa, generateServingCert, type CertKeyPair } from '../../src/cluster/pki';

/** The bearer tokens of tokens.csv, by who holds them. */
export const TOKENS = {
  admin: 'admin-token-7c1e9a55d0b3f2',
  n1: 'node-n1-token-4be08f61a9c2',
  scheduler: 'scheduler-token-93d7c0e2a1',
};

export interface SecureFiles {
  ca: CertKeyPair;
  serving: CertKeyPair;
  paths: { ca: string; cert: string; key: string; tokens: string; basic: string };
  /** The `k8ts apiserver` flags for HTTPS on 127.0.0.1:port with every authenticator on. */
  flags(port: number): string[];
  /** startApiServer options for HTTPS on a free port with basic auth (what a browser or kubectl user has). */
  options(dataDir: string): ApiServerOptions;
}

/** Writes a kubeconfig for `server` trusting `ca` (PEM), with the given user fields and context namespace. */
export function writeKubeconfig(
  file: string,
  o: { server: string; ca: string; user: Record<string, string>; namespace?: string },
): string {
  const userLines = Object.entries(o.user).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  const namespace = o.namespace ? `, namespace: ${o.namespace}` : '';
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: k8ts',
      '  cluster:',
      `    server: ${o.server}`,
      `    certificate-authority-data: ${Buffer.from(o.ca).toString('base64')}`,
      'users:',
      '- name: user',
      '  user:',
      ...userLines,
      'contexts:',
      '- name: k8ts',
      `  context: {cluster: k8ts, user: user${namespace}}`,
      'current-context: k8ts',
      '',
    ].join('\n'),
  );
  return file;
}

/** Writes the CA, serving certificate and key, token file and basic-auth file (user admin) into `dir`. */
export function writeSecureFiles(dir: string, password: string): SecureFiles {
  const ca = generateCa();
  const serving = generateServingCert(ca);
  const paths = {
    ca: path.join(dir, 'ca.crt'),
    cert: path.join(dir, 'apiserver.crt'),
    key: path.join(dir, 'apiserver.key'),
    tokens: path.join(dir, 'tokens.csv'),
    basic: path.join(dir, 'basic_auth.csv'),
  };
  writeFileSync(paths.ca, ca.cert);
  writeFileSync(paths.cert, serving.cert);
  writeFileSync(paths.key, serving.key, { mode: 0o600 });
  writeFileSync(
    paths.tokens,
    [
      `${TOKENS.admin},admin,admin,"system:masters"`,
      `${TOKENS.n1},system:node:n1,node-n1,"system:nodes"`,
      `${TOKENS.scheduler},system:kube-scheduler,scheduler`,
    ].join('\n'),
  );
  writeFileSync(paths.basic, `"${password}",admin,admin,"system:masters"\n`);
  return {
    ca,
    serving,
    paths,
    flags: (port) => [
      ...['--secure-port', String(port), '--bind-address', '127.0.0.1'],
      ...['--tls-cert-file', paths.cert, '--tls-private-key-file', paths.key, '--client-ca-file', paths.ca],
      ...['--token-auth-file', paths.tokens, '--basic-auth-file', paths.basic],
    ],
    options: (dataDir) => ({
      store: 'sqlite',
      dataDir,
      securePort: 0,
      tlsCertFile: paths.cert,
      tlsKeyFile: paths.key,
      basicAuthFile: paths.basic,
    }),
  };
}

/** Runs /usr/bin/kubectl with a kubeconfig and a private HOME and cache under `home`; never rejects, killed after
 * 20 s. */
export function runKubectl(
  kubeconfig: string,
  args: string[],
  home: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        KUBECACHEDIR: path.join(home, 'kube-cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
