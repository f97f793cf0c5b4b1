import { X509Certificate } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBasicAuthFile, parseTokenFile } from '../apiserver/auth';
import { ensureClusterCredentials, summarizeCredentials, type CredentialOptions } from './credentials';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const TWO_NODES = [
  { name: 'n1', ip: '10.240.0.11' },
  { name: 'n2', ip: '10.240.0.12' },
];

/** Options with counting secrets (so reuse is visible) and an auth file inside the temp dir. */
function setup(nodes = [TWO_NODES[0]!]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-creds-'));
  dirs.push(dir);
  let n = 0;
  const options: CredentialOptions = {
    nodes,
    serverIps: ['10.240.0.1'],
    serviceIp: '10.0.0.1',
    authFile: path.join(dir, 'kubernetes_auth'),
    newSecret: () => `secret-${++n}`,
  };
  return { home: path.join(dir, 'home'), options };
}

// RSA keys take a while on a busy machine: the first test makes the CA and certificates for n1 and n2 from
// nothing, and the others start from a copy of its pki/ (tokens and passwords are still made afresh).
let template: string | undefined;
function withPki(s: ReturnType<typeof setup>) {
  cpSync(template!, path.join(s.home, 'pki'), { recursive: true });
  return s;
}
const mode = (file: string) => statSync(file).mode & 0o777;
const x509 = (file: string) => new X509Certificate(readFileSync(file));
const usersOf = (file: string) =>
  Object.fromEntries([...parseTokenFile(readFileSync(file, 'utf8')).entries()].map(([t, u]) => [u.name, t]));

describe('ensureClusterCredentials', () => {
  it('makes a token per user, the admin password, and certificates the apiserver and kubelets need', () => {
    const { home, options } = setup(TWO_NODES);
    const c = ensureClusterCredentials(home, options);
    template = path.dirname(c.pki.caCert);

    const tokens = parseTokenFile(readFileSync(c.tokenFile, 'utf8'));
    expect([...tokens.values()].map((u) => [u.name, u.groups])).toEqual([
      ['admin', ['system:masters']],
      ['system:kube-controller-manager', []],
      ['system:kube-scheduler', []],
      ['system:kube-proxy', []],
      ['system:kube-dns', []],
      ['system:node:n1', ['system:nodes']],
      ['system:node:n2', ['system:nodes']],
    ]);
    expect(new Set(tokens.keys()).size).toBe(7);
    expect(tokens.get(c.admin.token)?.name).toBe('admin');
    expect(tokens.get(c.components.scheduler.token)?.name).toBe('system:kube-scheduler');
    expect(tokens.get(c.nodes[1]!.token)?.name).toBe('system:node:n2');

    expect(JSON.parse(readFileSync(c.authFile, 'utf8'))).toEqual({
      User: 'admin',
      Password: c.admin.password,
    });
    const basic = parseBasicAuthFile(readFileSync(c.basicAuthFile, 'utf8')).get('admin');
    expect(basic).toEqual({
      password: c.admin.password,
      user: { name: 'admin', uid: 'admin', groups: ['system:masters'] },
    });

    const ca = x509(c.pki.caCert);
    const apiserver = x509(c.pki.servingCert);
    for (const ip of ['127.0.0.1', '10.240.0.1', '10.0.0.1']) expect(apiserver.checkIP(ip)).toBe(ip);
    const client = x509(c.kubeletClient.cert);
    expect(client.subject.split('\n')).toEqual(['O=system:masters', 'CN=kube-apiserver-kubelet-client']);
    expect(client.checkIssued(ca)).toBe(true);
    const n2 = x509(c.nodes[1]!.serving.cert);
    expect(n2.checkIssued(ca)).toBe(true);
    expect(n2.checkIP('10.240.0.12')).toBe('10.240.0.12');
    expect(n2.checkIP('10.240.0.11')).toBeUndefined();
    expect(n2.checkHost('n2')).toBe('n2');
    // A node's key must not pass for the apiserver.
    expect(n2.checkIP('127.0.0.1')).toBeUndefined();
    expect(n2.checkHost('kubernetes.default.svc')).toBeUndefined();
    expect(n2.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth only
  });

  it('keeps every secret file and key readable by the owner only', () => {
    const { home, options } = withPki(setup());
    // An auth file that exists with loose bits is tightened, not left readable.
    writeFileSync(options.authFile!, JSON.stringify({ User: 'admin', Password: 'pw' }), { mode: 0o644 });
    const c = ensureClusterCredentials(home, options);
    for (const f of [
      c.tokenFile,
      c.basicAuthFile,
      c.authFile,
      c.pki.caKey,
      c.pki.servingKey,
      c.kubeletClient.key,
    ])
      expect([f, mode(f)]).toEqual([f, 0o600]);
    expect(mode(c.nodes[0]!.serving.key)).toBe(0o600);
    expect(mode(c.pki.caCert)).toBe(0o644);
  });

  it('reuses everything on a second run and says it made nothing', () => {
    const { home, options } = withPki(setup());
    const first = ensureClusterCredentials(home, options);
    const files = [
      first.tokenFile,
      first.basicAuthFile,
      first.authFile,
      first.pki.caCert,
      first.pki.servingCert,
    ];
    files.push(first.kubeletClient.cert, first.nodes[0]!.serving.cert);
    const before = files.map((f) => readFileSync(f, 'utf8'));
    expect(first.made.length).toBeGreaterThan(0);

    const second = ensureClusterCredentials(home, options);
    expect(second.made).toEqual([]);
    expect(second.admin).toEqual(first.admin);
    expect(second.components).toEqual(first.components);
    expect(second.nodes).toEqual(first.nodes);
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(before);
  });

  it('reuses the password of an existing ~/.kubernetes_auth and replaces one that is not valid', () => {
    const { home, options } = withPki(setup());
    writeFileSync(options.authFile!, JSON.stringify({ User: 'admin', Password: 'old pass, "quoted"' }));
    const c = ensureClusterCredentials(home, options);
    expect(c.admin.password).toBe('old pass, "quoted"');
    expect(c.made.some((m) => m.includes('admin password'))).toBe(false);
    expect(parseBasicAuthFile(readFileSync(c.basicAuthFile, 'utf8')).get('admin')?.password).toBe(
      'old pass, "quoted"',
    );

    writeFileSync(options.authFile!, '{"User":"admin"}');
    const again = ensureClusterCredentials(home, options);
    expect(again.admin.password).toMatch(/^secret-/);
    expect(JSON.parse(readFileSync(options.authFile!, 'utf8')).Password).toBe(again.admin.password);
  });

  it('adds a token and certificate for a node added later, leaving the others as they were', () => {
    const { home, options } = withPki(setup());
    const first = ensureClusterCredentials(home, options);
    const n1Cert = readFileSync(first.nodes[0]!.serving.cert, 'utf8');
    const later = ensureClusterCredentials(home, {
      ...options,
      nodes: [...options.nodes, { name: 'n3', ip: '10.240.0.13' }],
    });
    expect(later.made).toEqual([
      'token for system:node:n3',
      `serving certificate of node n3 ${later.nodes[1]!.serving.cert}`,
    ]);
    expect(later.nodes[0]).toEqual(first.nodes[0]);
    expect(later.admin.token).toBe(first.admin.token);
    expect(readFileSync(later.nodes[0]!.serving.cert, 'utf8')).toBe(n1Cert);
    expect(usersOf(later.tokenFile)['system:node:n3']).toBe(later.nodes[1]!.token);
  });

  it('drops the token of a node that left, keeps lines added by hand, and remakes a moved node’s cert', () => {
    const { home, options } = withPki(setup(TWO_NODES));
    const first = ensureClusterCredentials(home, options);
    writeFileSync(
      first.tokenFile,
      `${readFileSync(first.tokenFile, 'utf8')}my-token,alice,alice,"team,ops"\n`,
    );
    const after = ensureClusterCredentials(home, { ...options, nodes: [{ name: 'n1', ip: '10.240.0.21' }] });
    expect(after.made).toEqual([
      'token of system:node:n2 removed',
      `serving certificate of node n1 ${after.nodes[0]!.serving.cert}`,
    ]);
    const users = usersOf(after.tokenFile);
    expect(users['system:node:n2']).toBeUndefined();
    expect(users['system:node:n1']).toBe(first.nodes[0]!.token);
    expect(parseTokenFile(readFileSync(after.tokenFile, 'utf8')).get('my-token')).toEqual({
      name: 'alice',
      uid: 'alice',
      groups: ['team', 'ops'],
    });
    expect(x509(after.nodes[0]!.serving.cert).checkIP('10.240.0.21')).toBe('10.240.0.21');
  });

  it('remakes the apiserver certificate, by the same CA, when clients dial a new address', () => {
    const { home, options } = withPki(setup());
    const first = ensureClusterCredentials(home, options);
    const ca = readFileSync(first.pki.caCert, 'utf8');
    const moved = ensureClusterCredentials(home, { ...options, serverIps: ['10.250.0.1'] });
    expect(moved.made).toEqual([`apiserver certificate ${moved.pki.servingCert}`]);
    expect(readFileSync(moved.pki.caCert, 'utf8')).toBe(ca);
    const serving = x509(moved.pki.servingCert);
    expect(serving.checkIP('10.250.0.1')).toBe('10.250.0.1');
    expect(serving.checkIssued(x509(moved.pki.caCert))).toBe(true);
  });

  it('refuses a token file it cannot read rather than overwrite it', () => {
    const { home, options } = withPki(setup());
    const c = ensureClusterCredentials(home, options);
    writeFileSync(c.tokenFile, 'only,two\n');
    chmodSync(c.tokenFile, 0o600);
    expect(() => ensureClusterCredentials(home, options)).toThrow(
      /must have at least 3 columns.*fix or remove it to make new tokens/,
    );
    expect(readFileSync(c.tokenFile, 'utf8')).toBe('only,two\n');
  });

  it('rejects node names that are not DNS subdomains and addresses that are not IPv4', () => {
    const { home, options } = withPki(setup());
    expect(() =>
      ensureClusterCredentials(home, { ...options, nodes: [{ name: '../x', ip: '10.0.0.2' }] }),
    ).toThrow('invalid node name "../x"');
    const twice = [TWO_NODES[0]!, TWO_NODES[0]!];
    expect(() => ensureClusterCredentials(home, { ...options, nodes: twice })).toThrow(
      'node "n1" is given twice',
    );
    expect(() => ensureClusterCredentials(home, { ...options, serviceIp: 'kubernetes' })).toThrow(
      '"kubernetes" is not an IPv4 address',
    );
  });

  it('summarizes files and users without any token or password', () => {
    const { home, options } = withPki(setup());
    const c = ensureClusterCredentials(home, { ...options, newSecret: undefined });
    const text = JSON.stringify(summarizeCredentials(c));
    const secrets = [c.admin.password, c.admin.token, ...Object.values(c.components).map((x) => x.token)];
    secrets.push(...c.nodes.map((n) => n.token));
    for (const s of secrets) {
      expect(s.length).toBeGreaterThanOrEqual(32);
      expect(text).not.toContain(s);
    }
    expect(summarizeCredentials(c).users).toContain('system:node:n1');
    expect(text).toContain(c.tokenFile);
  });
});
