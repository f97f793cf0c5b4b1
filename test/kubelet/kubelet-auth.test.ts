// The kubelet's port over HTTPS with client-certificate authentication, and the apiserver's TLS hop to it. No root,
// no Docker: kubelet servers on 127.0.0.1 with a hand-written fake runtime and certificates from src/cluster/pki.
// First the kubelet alone (no certificate → 401, a foreign CA's → 401, another user → 403, the apiserver's → logs,
// exec and POST /pods work); then the real /usr/bin/kubectl → in-process apiserver (--kubelet-client-* flags) →
// HTTPS → kubelet for logs, exec and port-forward, and a kubelet whose serving certificate the apiserver's CA did
// not sign, which must fail with a clear Status instead of hanging.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  createServer as createTcpServer,
  connect,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Node, Pod } from '../../src/api/types';
import { startApiServer, type ApiServer } from '../../src/apiserver';
import { kubeletTransport } from '../../src/apiserver/kubelet-transport';
import { kubeletTls } from '../../src/cli/kubelet';
import { KubeClient } from '../../src/client';
import { generateCa, generateClientCert, generateServingCert, type CertKeyPair } from '../../src/cluster/pki';
import type { PodRuntimeStatus } from '../../src/kubelet/runtime/runtime';
import { startKubeletServer, type KubeletServer, type ServedKubelet } from '../../src/kubelet/server';

const KUBECTL = '/usr/bin/kubectl';

// Keys are made once for the file: RSA generation is the slow part.
const ca = generateCa({ commonName: 'kubelet-ca' });
const otherCa = generateCa({ commonName: 'some-other-ca' });
const kubeletCert = generateServingCert(ca, { commonName: 'kubelet', ips: ['127.0.0.1'] });
const foreignKubeletCert = generateServingCert(otherCa, { commonName: 'kubelet', ips: ['127.0.0.1'] });
const apiserverClient = generateClientCert(ca, 'kube-apiserver-kubelet-client');
const admin = generateClientCert(ca, 'admin', ['system:masters']);
const nodeUser = generateClientCert(ca, 'system:node:other', ['system:nodes']);
const foreignClient = generateClientCert(otherCa, 'kube-apiserver-kubelet-client');

const POD: Pod = {
  metadata: { name: 'one', namespace: 'default', uid: 'u-one' },
  spec: { nodeName: 'tls-node', containers: [{ name: 'main', image: 'busybox' }] },
};

function fakeKubelet(pods: Map<string, Pod>, podIp: string): ServedKubelet {
  return {
    podByName: (ns, name) => (ns === 'default' ? pods.get(name) : undefined),
    runtime: {
      async logs(_uid, container) {
        return new PassThrough().end(`${container} says hello\n`);
      },
      async execStream(_uid, container, cmd) {
        const stdout = new PassThrough().end(`${container}: ${cmd.join(' ')}\n`);
        return { stdout, stderr: new PassThrough().end(), exitCode: Promise.resolve(0) };
      },
      // port-forward dials the pod IP: here a TCP server of the test's own on loopback.
      getPodStatus: async () => ({ podIp, sandboxReady: true }) as PodRuntimeStatus,
    },
  };
}

interface Answer {
  status: number;
  body: string;
}

/** A request straight to a kubelet over HTTPS, verifying it against `ca`, with an optional client certificate. */
function kubeletRequest(port: number, path: string, client?: CertKeyPair, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        ca: ca.cert,
        cert: client?.cert,
        key: client?.key,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? 'version: v1beta1\nid: web\ncontainers: []\n' : undefined);
  });
}

const message = (a: Answer) => (JSON.parse(a.body) as { message: string }).message;

/** A v5 exec straight to a kubelet over wss; the frames, or the HTTP status it was refused with. */
function kubeletExec(port: number, client?: CertKeyPair) {
  return new Promise<{ frames?: [number, string][]; refused?: number }>((resolve, reject) => {
    const url = `wss://127.0.0.1:${port}/exec/default/one/main?command=echo&command=hi&stdout=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
      ca: ca.cert,
      cert: client?.cert,
      key: client?.key,
    });
    const frames: [number, string][] = [];
    ws.on('message', (d: Buffer) => frames.push([d[0]!, d.subarray(1).toString()]));
    ws.on('close', () => resolve({ frames }));
    ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.on('error', reject);
  });
}

describe('the kubelet port with TLS and client certificates', () => {
  const pods = new Map([['one', POD]]);
  const posted: string[] = [];
  let kubelet: KubeletServer;

  beforeAll(async () => {
    kubelet = await startKubeletServer({
      port: 0,
      address: '127.0.0.1',
      kubelet: fakeKubelet(pods, '127.0.0.1'),
      tls: { cert: kubeletCert.cert, key: kubeletCert.key, clientCa: ca.cert },
      httpSource: {
        handle(req, res) {
          if (req.url !== '/pods') return false;
          posted.push(req.method ?? '');
          res.end('accepted');
          return true;
        },
      },
    });
  });
  afterAll(() => kubelet?.close());

  it('serves /healthz to anyone', async () => {
    expect(await kubeletRequest(kubelet.port, '/healthz')).toEqual({ status: 200, body: 'ok' });
  });

  it('answers 401 without a client certificate, or with one from another CA', async () => {
    for (const client of [undefined, foreignClient]) {
      const logs = await kubeletRequest(kubelet.port, '/containerLogs/default/one/main', client);
      expect([logs.status, message(logs)]).toEqual([401, 'Unauthorized']);
      expect(await kubeletExec(kubelet.port, client)).toEqual({ refused: 401 });
    }
    expect((await kubeletRequest(kubelet.port, '/pods', undefined, 'POST')).status).toBe(401);
    expect(posted).toEqual([]);
  });

  it('answers 403 to a user that is not the apiserver, worded like the kubelet', async () => {
    const logs = await kubeletRequest(kubelet.port, '/containerLogs/default/one/main', nodeUser);
    expect([logs.status, message(logs)]).toEqual([
      403,
      'Forbidden (user=system:node:other, verb=get, resource=nodes, subresource=proxy)',
    ]);
    expect(await kubeletExec(kubelet.port, nodeUser)).toEqual({ refused: 403 });
    const metrics = await kubeletRequest(kubelet.port, '/metrics', nodeUser);
    expect(message(metrics)).toBe(
      'Forbidden (user=system:node:other, verb=get, resource=nodes, subresource=metrics)',
    );
    expect((await kubeletRequest(kubelet.port, '/metrics')).status).toBe(401);
    const post = await kubeletRequest(kubelet.port, '/pods', nodeUser, 'POST');
    expect(message(post)).toBe(
      'Forbidden (user=system:node:other, verb=create, resource=nodes, subresource=proxy)',
    );
  });

  it('serves logs, exec and POST /pods to the apiserver’s certificate and to system:masters', async () => {
    expect(await kubeletRequest(kubelet.port, '/containerLogs/default/one/main', apiserverClient)).toEqual({
      status: 200,
      body: 'main says hello\n',
    });
    const exec = await kubeletExec(kubelet.port, apiserverClient);
    expect(exec.frames).toContainEqual([1, 'main: echo hi\n']);
    expect(await kubeletRequest(kubelet.port, '/pods', admin, 'POST')).toEqual({
      status: 200,
      body: 'accepted',
    });
    expect(posted).toEqual(['POST']);
  });
});

describe('the kubelet flags', () => {
  it('reads the files, refuses half a pair, and turns anonymous auth off unless asked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-kubelet-tls-'));
    try {
      const file = (name: string, text: string) => {
        writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const tlsCertFile = file('kubelet.crt', kubeletCert.cert);
      const tlsPrivateKeyFile = file('kubelet.key', kubeletCert.key);
      const clientCaFile = file('ca.crt', ca.cert);
      expect(kubeletTls({})).toBeUndefined();
      const tls = kubeletTls({ tlsCertFile, tlsPrivateKeyFile, clientCaFile, anonymousAuth: 'false' });
      expect(tls?.clientCa?.toString()).toBe(ca.cert);
      expect(tls?.anonymousAuth).toBe(false);
      expect(kubeletTls({ tlsCertFile, tlsPrivateKeyFile, anonymousAuth: 'true' })?.anonymousAuth).toBe(true);
      expect(() => kubeletTls({ tlsCertFile })).toThrow(/must be given together/);
      expect(() => kubeletTls({ clientCaFile })).toThrow(/--client-ca-file needs --tls-cert-file/);
      expect(() => kubeletTls({ tlsCertFile, tlsPrivateKeyFile, anonymousAuth: 'no' })).toThrow(
        /true or false/,
      );
      expect(() => kubeletTransport({ certFile: tlsCertFile })).toThrow(/must be given together/);
      expect(kubeletTransport({}).scheme).toBe('http');
      expect(kubeletTransport({ caFile: clientCaFile }).scheme).toBe('https');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kubectl logs, exec and port-forward through an apiserver that talks HTTPS to kubelets', () => {
  let dir = '';
  let api: ApiServer;
  let client: KubeClient;
  let kubelet: KubeletServer;
  let foreign: KubeletServer;
  let backend: TcpServer;

  const kubectl = (args: string[]) => {
    const child = spawn(KUBECTL, ['-s', api.url, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        KUBECONFIG: path.join(dir, 'kubeconfig'),
        KUBECACHEDIR: path.join(dir, 'kube-cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', () => clearTimeout(timer));
    return child;
  };
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = kubectl(args);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  const addNode = async (name: string, port: number) => {
    const n = await client.create<Node>('nodes', undefined, { metadata: { name } });
    await client.updateStatus('nodes', undefined, {
      ...n,
      status: {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: port } },
      },
    });
  };
  const addPod = async (name: string, nodeName: string) => {
    const pod = await client.create<Pod>('pods', 'default', {
      metadata: { name },
      spec: { nodeName, containers: [{ name: 'main', image: 'busybox' }] },
    });
    return client.updateStatus<Pod>('pods', 'default', { ...pod, status: { phase: 'Running' } });
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'k8ts-kubelet-auth-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text, { mode: 0o600 });
      return path.join(dir, name);
    };
    backend = createTcpServer((s) => s.end('hello from the pod\n'));
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    api = await startApiServer({
      store: 'sqlite',
      dataDir: path.join(dir, 'api'),
      insecurePort: 0,
      kubeletClientCertificate: file('kubelet-client.crt', apiserverClient.cert),
      kubeletClientKey: file('kubelet-client.key', apiserverClient.key),
      kubeletCertificateAuthority: file('ca.crt', ca.cert),
    });
    client = new KubeClient({ server: api.url });
    const pods = new Map<string, Pod>();
    const tls = { cert: kubeletCert.cert, key: kubeletCert.key, clientCa: ca.cert };
    kubelet = await startKubeletServer({
      port: 0,
      address: '127.0.0.1',
      kubelet: fakeKubelet(pods, '127.0.0.1'),
      tls,
    });
    foreign = await startKubeletServer({
      port: 0,
      address: '127.0.0.1',
      kubelet: fakeKubelet(pods, '127.0.0.1'),
      tls: { ...tls, cert: foreignKubeletCert.cert, key: foreignKubeletCert.key },
    });
    await addNode('tls-node', kubelet.port);
    await addNode('impostor-node', foreign.port);
    pods.set('one', await addPod('one', 'tls-node'));
    pods.set('fake', await addPod('fake', 'impostor-node'));
  }, 30_000);

  afterAll(async () => {
    await kubelet?.close();
    await foreign?.close();
    await new Promise((r) => backend?.close(r));
    client?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl logs and kubectl exec work over the TLS hop', async () => {
    expect(await run(['logs', 'one'])).toMatchObject({ code: 0, stdout: 'main says hello\n' });
    expect(await run(['exec', 'one', '--', 'echo', 'hi'])).toMatchObject({
      code: 0,
      stdout: 'main: echo hi\n',
    });
  }, 30_000);

  it('kubectl port-forward works over the TLS hop', async () => {
    const port = (backend.address() as AddressInfo).port;
    const child = kubectl(['port-forward', 'pod/one', `:${port}`]);
    try {
      const local = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}`)));
      });
      const got = await new Promise<string>((resolve, reject) => {
        let text = '';
        const s = connect(local, '127.0.0.1');
        s.on('data', (d: Buffer) => (text += d.toString()));
        s.on('end', () => resolve(text));
        s.on('error', reject);
      });
      expect(got).toBe('hello from the pod\n');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('a kubelet whose certificate the CA did not sign is refused with a 503 Status, for logs and upgrades', async () => {
    const res = await fetch(`${api.url}/api/v1/namespaces/default/pods/fake/log`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(
      /^error trying to reach the kubelet at 127\.0\.0\.1:\d+: x509: certificate signed by unknown authority .*--kubelet-certificate-authority$/,
    );
    const logs = await run(['logs', 'fake']);
    expect(logs.code).not.toBe(0);
    expect(logs.stderr).toMatch(/ServiceUnavailable.*certificate signed by unknown authority/);
    const exec = await run(['exec', 'fake', '--', 'echo', 'hi']);
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toMatch(/ServiceUnavailable.*certificate signed by unknown authority/);
    // port-forward's plain SPDY upgrade, the third path, as a raw request.
    const refused = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${api.url}/api/v1/namespaces/default/pods/fake/portforward`, {
        method: 'POST',
        headers: {
          connection: 'Upgrade',
          upgrade: 'SPDY/3.1',
          'x-stream-protocol-version': 'portforward.k8s.io',
        },
      });
      req.on('response', (r) => resolve(r.statusCode ?? 0));
      req.on('upgrade', (_r, socket) => {
        socket.destroy();
        resolve(101);
      });
      req.on('error', reject);
      req.end();
    });
    expect(refused).toBe(503);
  }, 30_000);
});
