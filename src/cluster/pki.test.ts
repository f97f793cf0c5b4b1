import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificateIps,
  ensureClientCert,
  ensurePki,
  generateCa,
  generateClientCert,
  generateServingCert,
} from './pki';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'k8ts-pki-'));
  dirs.push(d);
  return d;
};

describe('pki', () => {
  const ca = generateCa();

  it('makes a CA that signs a serving certificate with the SANs kubectl and pods dial', () => {
    const serving = generateServingCert(ca, { ips: ['10.240.0.1', '10.96.0.1'] });
    const caX509 = new X509Certificate(ca.cert);
    const x509 = new X509Certificate(serving.cert);
    expect(caX509.ca).toBe(true);
    expect(x509.ca).toBe(false);
    expect(x509.checkIssued(caX509)).toBe(true);
    expect(x509.verify(caX509.publicKey)).toBe(true);
    for (const name of ['localhost', 'kubernetes.default.svc.cluster.local'])
      expect(x509.checkHost(name)).toBe(name);
    for (const ip of ['127.0.0.1', '10.240.0.1', '10.96.0.1']) expect(x509.checkIP(ip)).toBe(ip);
    expect(x509.checkIP('10.0.0.9')).toBeUndefined();
    expect(x509.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
  });

  it('puts the user in CN and each group in an O of a client certificate', () => {
    const client = new X509Certificate(
      generateClientCert(ca, 'system:node:n1', ['system:nodes', 'extra']).cert,
    );
    expect(client.subject.split('\n')).toEqual(['O=system:nodes', 'O=extra', 'CN=system:node:n1']);
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // clientAuth
    expect(client.checkIssued(new X509Certificate(ca.cert))).toBe(true);
  });

  it('serves TLS that a client trusting only the CA accepts', async () => {
    const serving = generateServingCert(ca);
    const server = https.createServer({ cert: serving.cert, key: serving.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const body = await new Promise<string>((resolve, reject) =>
        https
          .get(`https://127.0.0.1:${port}/`, { ca: ca.cert }, (res) => {
            let t = '';
            res.on('data', (d: Buffer) => (t += d.toString()));
            res.on('end', () => resolve(t));
          })
          .on('error', reject),
      );
      expect(body).toBe('ok');
    } finally {
      server.close();
    }
  });

  it('writes keys 0600, reuses what exists, and remakes the serving pair when an IP is missing', () => {
    const dir = tempDir();
    const files = ensurePki(dir, { ips: ['10.240.0.1'] });
    expect(statSync(files.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.servingKey).mode & 0o777).toBe(0o600);
    const caBefore = readFileSync(files.caCert, 'utf8');
    const servingBefore = readFileSync(files.servingCert, 'utf8');

    ensurePki(dir, { ips: ['10.240.0.1'] });
    expect(readFileSync(files.servingCert, 'utf8')).toBe(servingBefore);

    ensurePki(dir, { ips: ['10.240.0.1', '10.96.0.1'] });
    expect(readFileSync(files.caCert, 'utf8')).toBe(caBefore);
    expect(certificateIps(readFileSync(files.servingCert, 'utf8'))).toEqual([
      '127.0.0.1',
      '10.240.0.1',
      '10.96.0.1',
    ]);

    const client = ensureClientCert(dir, 'scheduler', 'system:kube-scheduler');
    expect(statSync(client.key).mode & 0o777).toBe(0o600);
    const clientBefore = readFileSync(client.cert, 'utf8');
    expect(ensureClientCert(dir, 'scheduler', 'system:kube-scheduler')).toEqual(client);
    expect(readFileSync(client.cert, 'utf8')).toBe(clientBefore);
  });

  it('refuses a client certificate before there is a CA', () => {
    expect(() => ensureClientCert(tempDir(), 'x', 'x')).toThrow('no CA in');
  });
});
