import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCa, generateServingCert, type CertKeyPair } from './pki';
import { healthy, nodeReady } from './readiness';

const HEARTBEAT = '2026-01-01T00:00:10Z';

/** An apiserver stand-in: public /healthz, nodes only for the bearer token "good". */
const handler: http.RequestListener = (req, res) => {
  if (req.url === '/healthz') return void res.end('ok');
  if (req.headers.authorization !== 'Bearer good' && req.headers.authorization !== undefined) {
    res.statusCode = 401;
    return void res.end('{"kind":"Status","code":401}');
  }
  if (req.url === '/api/v1/nodes/n1') {
    const conditions = [{ type: 'Ready', status: 'True', lastHeartbeatTime: HEARTBEAT }];
    return void res.end(JSON.stringify({ kind: 'Node', status: { conditions } }));
  }
  res.statusCode = 404;
  res.end('{"kind":"Status","code":404}');
};

let ca: CertKeyPair;
let serving: CertKeyPair;
let secure: https.Server;
let plain: http.Server;
let httpsUrl: string;
let httpUrl: string;

const listen = async (s: http.Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  ca = generateCa();
  serving = generateServingCert(ca);
  secure = https.createServer(serving, handler);
  plain = http.createServer(handler);
  httpsUrl = `https://127.0.0.1:${await listen(secure)}`;
  httpUrl = `http://127.0.0.1:${await listen(plain)}`;
});

afterAll(() => {
  secure?.close();
  plain?.close();
});

describe('readiness over HTTPS', () => {
  it('is healthy when the server is verified against the CA', async () => {
    expect(await healthy({ server: httpsUrl, ca: ca.cert, token: 'good' })).toBe(true);
  });

  it('is not healthy when the server cannot be verified', async () => {
    expect(await healthy({ server: httpsUrl, token: 'good' })).toBe(false);
    // The server's own certificate is no CA: trusting it alone does not verify the chain.
    expect(await healthy({ server: httpsUrl, ca: serving.cert })).toBe(false);
  });

  it('reads the Ready condition with the token, and says when the credentials are refused', async () => {
    expect(await nodeReady({ server: httpsUrl, ca: ca.cert, token: 'good' }, 'n1')).toBe('True');
    expect(await nodeReady({ server: httpsUrl, ca: ca.cert, token: 'good' }, 'n2')).toBe('not registered');
    expect(await nodeReady({ server: httpsUrl, ca: ca.cert, token: 'bad' }, 'n1')).toBe(
      'apiserver refused the credentials (401 Unauthorized)',
    );
    expect(await nodeReady({ server: httpsUrl, token: 'good' }, 'n1')).toBe('apiserver unreachable');
  });
});

describe('readiness over plain HTTP (the insecure port)', () => {
  it('takes a URL as before', async () => {
    expect(await healthy(httpUrl)).toBe(true);
    expect(await nodeReady(httpUrl, 'n1')).toBe('True');
    expect(await nodeReady(httpUrl, 'n2')).toBe('not registered');
  });

  it('waits for a heartbeat newer than a restart', async () => {
    expect(await nodeReady(httpUrl, 'n1', Date.parse(HEARTBEAT) + 5000)).toBe('waiting for a heartbeat');
    expect(await nodeReady(httpUrl, 'n1', Date.parse(HEARTBEAT))).toBe('True');
  });

  it('is not healthy and the node is unreachable when nothing listens', async () => {
    const s = http.createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r));
    expect(await healthy(`http://127.0.0.1:${port}`)).toBe(false);
    expect(await nodeReady(`http://127.0.0.1:${port}`, 'n1')).toBe('apiserver unreachable');
  });
});
