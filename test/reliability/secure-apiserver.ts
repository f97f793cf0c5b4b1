// A `k8ts apiserver` process on an HTTPS port with every authenticator on — a CA and serving certificate
// from src/cluster/pki, a token file, a basic-auth file and a client CA — as the auth campaign attacks it,
// plus raw requests over TLS: the request is written byte for byte, so headers no HTTP client would send
// (huge, binary, malformed) reach the server. Every secret the files hold is listed, to grep the log for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { CertKeyPair } from '../../src/cluster/pki';
import { freePort } from '../support/etcd';
import { TOKENS, writeSecureFiles } from '../support/secure-apiserver';
import { startComponent, waitUntil, type ComponentProcess } from './component-process';

export { TOKENS };
export const PASSWORD = 'reliability horse battery staple';

export interface SecureApiServer {
  port: number;
  ca: CertKeyPair;
  process: ComponentProcess;
  /** Secrets the server was given: none may appear in its log. */
  secrets: string[];
  request(r: RawRequest): Promise<RawReply>;
  stop(): Promise<void>;
}

export interface RawRequest {
  method: string;
  path: string;
  /** Header lines, written as latin1 bytes as they are (no validation, no encoding). */
  headers: string[];
  body?: string;
  /** A client certificate to offer in the TLS handshake. */
  cert?: CertKeyPair;
  timeoutMs?: number;
}

export interface RawReply {
  /** The status code as a string, or 'closed' (no status line before the end), 'timeout', 'tls: …'. */
  code: string;
  status?: number;
  head: string;
  body: string;
}

function rawRequest(port: number, ca: string, r: RawRequest): Promise<RawReply> {
  return new Promise((resolve) => {
    let done = false;
    const chunks: Buffer[] = [];
    const finish = (code?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({
        code: code ?? (m ? m[1]! : 'closed'),
        status: m ? Number(m[1]) : undefined,
        head,
        body: split < 0 ? '' : text.slice(split + 4),
      });
    };
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ca,
      servername: 'localhost',
      cert: r.cert?.cert,
      key: r.cert?.key,
    });
    const timer = setTimeout(() => finish('timeout'), r.timeoutMs ?? 10_000);
    socket.on('secureConnect', () => {
      const body = r.body ?? '';
      const lines = [
        `${r.method} ${r.path} HTTP/1.1`,
        'Host: 127.0.0.1',
        'Connection: close',
        ...r.headers,
        ...(body || r.method !== 'GET'
          ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]
          : []),
      ];
      // write, not end: a half-closed socket lets the server drop it before answering. Connection: close ends it.
      socket.write(
        Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(body)]),
      );
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      // A watch never ends by itself: its status line is all the campaign needs.
      if (Buffer.concat(chunks).includes('\r\n\r\n') && /watch=/.test(r.path)) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server may answer and close before it has read all we sent (431): what arrived counts.
      if (chunks.length) finish();
      else finish(`tls: ${e.code ?? e.message}`);
    });
  });
}

export async function startSecureApiServer(): Promise<SecureApiServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-reliability-auth-'));
  let proc: ComponentProcess | undefined;
  try {
    const { ca, serving, flags } = writeSecureFiles(dir, PASSWORD);
    const port = await freePort();
    // trace: the most the server ever logs, so a secret in any log line is found.
    proc = startComponent(['apiserver', '--data-dir', path.join(dir, 'data'), ...flags(port)], {
      K8TS_LOG_LEVEL: 'trace',
    });
    const p = proc;
    const request = (r: RawRequest) => rawRequest(port, ca.cert, r);
    await waitUntil('secure apiserver healthy', 60_000, async () => {
      if (!p.alive()) throw new Error(`apiserver exited (${p.exit()}):\n${p.output()}`);
      return (await request({ method: 'GET', path: '/healthz', headers: [] })).status === 200;
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n${p.output().slice(-2000)}`);
    });
    // A line from the middle of the private key: a log that printed the key would contain it.
    const keyLines = serving.key.split('\n').filter((l) => l && !l.startsWith('-----'));
    return {
      port,
      ca,
      process: p,
      secrets: [
        ...Object.values(TOKENS),
        PASSWORD,
        Buffer.from(`admin:${PASSWORD}`).toString('base64'),
        keyLines[Math.floor(keyLines.length / 2)]!,
      ],
      request,
      async stop() {
        await p.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
