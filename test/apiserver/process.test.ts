// `k8ts apiserver` as a real process (flags, SIGTERM drains and exits 0), and HTTPS with a given certificate.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../src/apiserver';
import { freePort } from '../support/etcd';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'k8ts-apiserver-proc-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('k8ts apiserver', () => {
  it('serves on the insecure port and drains on SIGTERM, ending watches, with exit code 0', async () => {
    const dir = tempDir();
    const port = await freePort();
    const child = spawn(
      'bin/k8ts',
      ['apiserver', '--store', 'sqlite', '--data-dir', dir, '--insecure-port', String(port)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitHealthy(url, 30_000);
      const watch = await fetch(`${url}/api/v1/namespaces/default/pods?watch=true`);
      expect(watch.status).toBe(200);
      const body = watch.text();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(body).resolves.toBeDefined();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('serves HTTPS with the given certificate', async () => {
    const dir = tempDir();
    const cert = path.join(dir, 'tls.crt');
    const key = path.join(dir, 'tls.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=k8ts-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const server = await startApiServer({
      store: 'sqlite',
      dataDir: dir,
      securePort: 0,
      bindAddress: '127.0.0.1',
      tlsCertFile: cert,
      tlsKeyFile: key,
    });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${server.url}/version`, { ca: execFileSync('cat', [cert]) }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ major: '1', minor: '32' });
    } finally {
      await server.close();
    }
  });
});
