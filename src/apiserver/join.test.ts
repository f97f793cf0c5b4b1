// The join endpoints on a real in-process apiserver over HTTPS: cluster-info for anyone, node-credentials for
// the join token only (401 without it or with a wrong one, 403 for the token on the API), 400 for bad CSRs,
// 409 for the name of a Ready node, 201 with certificates the cluster CA signed for the node.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from './server';

const JOIN_TOKEN = 'abcdef.0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-join-test-51f0';

function rsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { pem: privateKey, key, pub: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function cert(
  pub: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
  issuer: { subject: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
): string {
  const c = forge.pki.createCertificate();
  c.publicKey = pub;
  c.serialNumber = '01';
  c.validity.notBefore = new Date(Date.now() - 3600_000);
  c.validity.notAfter = new Date(Date.now() + 86400_000);
  c.setSubject(subject);
  c.setIssuer(issuer.subject);
  c.setExtensions(extensions);
  c.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

/** Keys are slow to make on a loaded machine: the CSRs share one (only the subject matters here). */
let csrKey: ReturnType<typeof rsaKey> | undefined;

function csr(subject: forge.pki.CertificateField[]): string {
  const k = (csrKey ??= rsaKey());
  const r = forge.pki.createCertificationRequest();
  r.publicKey = k.pub;
  r.setSubject(subject);
  r.sign(k.key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(r);
}

const nodeSubject = (name: string) => [
  { name: 'organizationName', value: 'system:nodes' },
  { name: 'commonName', value: `system:node:${name}` },
];

// Generous: RSA keys and signatures are slow on a machine shared by many test runs.
describe('join endpoints (/k8ts/v1/cluster-info, /k8ts/v1/node-credentials)', { timeout: 60_000 }, () => {
  let dir = '';
  let server: ApiServer;
  let caPem = '';

  const call = (
    method: string,
    urlPath: string,
    o: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> =>
    new Promise((resolve, reject) => {
      const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
      const req = https.request(
        new URL(urlPath, server.url),
        {
          method,
          ca: caPem,
          agent: false,
          headers: {
            ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
            ...(payload ? { 'Content-Type': 'application/json' } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const ask = (body: Record<string, unknown>, token = JOIN_TOKEN) =>
    call('POST', '/k8ts/v1/node-credentials', { token, body });
  const good = (name: string) => ({
    nodeName: name,
    nodeIP: '10.233.0.2',
    clientCSR: csr(nodeSubject(name)),
    servingCSR: csr([{ name: 'commonName', value: 'anything' }]),
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-join-'));
    const ca = rsaKey();
    const caSubject = [{ name: 'commonName', value: 'k8ts-ca' }];
    caPem = cert(ca.pub, caSubject, { subject: caSubject, key: ca.key }, [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true },
    ]);
    const serving = rsaKey();
    const servingPem = cert(
      serving.pub,
      [{ name: 'commonName', value: 'kube-apiserver' }],
      {
        subject: caSubject,
        key: ca.key,
      },
      [
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    );
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    server = await startApiServer({
      store: 'sqlite',
      dataDir: path.join(dir, 'data'),
      securePort: 0,
      tlsCertFile: file('apiserver.crt', servingPem),
      tlsKeyFile: file('apiserver.key', serving.pem),
      clientCaFile: file('ca.crt', caPem),
      tokenAuthFile: file('tokens.csv', `${ADMIN_TOKEN},admin,admin,"system:masters"\n`),
      bootstrapTokenFile: file('bootstrap-token', `${JOIN_TOKEN}\n`),
      clusterSigningCertFile: path.join(dir, 'ca.crt'),
      clusterSigningKeyFile: file('ca.key', ca.pem),
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the cluster CA and address to anyone, unauthenticated', async () => {
    const res = await call('GET', '/k8ts/v1/cluster-info');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'ClusterInfo', server: server.url, caCert: caPem });
  });

  it('answers 401 without a token and with a wrong one', async () => {
    const body = good('n2');
    expect((await call('POST', '/k8ts/v1/node-credentials', { body })).status).toBe(401);
    const wrong = await ask(body, 'abcdef.0123456789abcdee');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('lets the join token do nothing else: reading nodes is 403', async () => {
    const res = await call('GET', '/api/v1/nodes', { token: JOIN_TOKEN });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('system:bootstrap:abcdef');
  });

  it('answers 400 with a Status for a CSR that is no CSR, of the wrong subject, or a missing field', async () => {
    const garbage = await ask({ ...good('n2'), clientCSR: 'not a pem' });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(garbage.body.message).toMatch(/^clientCSR: not a PEM certificate request/);
    const other = await ask({ ...good('n2'), clientCSR: csr(nodeSubject('n1')) });
    expect(other.status).toBe(400);
    expect(other.body.message).toContain('the subject must be CN=system:node:n2, O=system:nodes');
    const missing = await ask({ nodeName: 'n2', nodeIP: '10.233.0.2', clientCSR: good('n2').clientCSR });
    expect(missing.body).toMatchObject({ code: 400, message: 'servingCSR: Required value' });
    const apiserverIp = await ask({ ...good('n2'), nodeIP: '127.0.0.1' });
    expect(apiserverIp.status).toBe(400);
  });

  it('signs a client certificate for system:node:<name> and a serving one for its address (201)', async () => {
    const res = await ask(good('n2'));
    expect(res.status).toBe(201);
    const ca = new X509Certificate(caPem);
    const client = new X509Certificate(res.body.clientCert as string);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.subject.split('\n').sort()).toEqual(['CN=system:node:n2', 'O=system:nodes']);
    const serving = new X509Certificate(res.body.servingCert as string);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIP('10.233.0.2')).toBe('10.233.0.2');
    expect(serving.checkHost('n2')).toBe('n2');
    expect(res.body.caCert).toBe(caPem);
  });

  it('refuses the name of a Ready node (409) but not of one that is not Ready', async () => {
    const admin = { token: ADMIN_TOKEN };
    expect(
      (await call('POST', '/api/v1/nodes', { ...admin, body: { metadata: { name: 'busy' } } })).status,
    ).toBe(201);
    expect((await ask(good('busy'))).status).toBe(201);
    const ready = { type: 'Ready', status: 'True', lastHeartbeatTime: new Date().toISOString() };
    const patched = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        new URL('/api/v1/nodes/busy/status', server.url),
        {
          method: 'PATCH',
          ca: caPem,
          agent: false,
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/merge-patch+json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ status: { conditions: [ready] } }));
    });
    expect(patched).toBe(200);
    const taken = await ask(good('busy'));
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('nodes "busy" already exists and is Ready');
  });
});
