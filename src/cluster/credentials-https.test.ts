// The generated credentials end to end: a real `k8ts apiserver` on 127.0.0.1 started with
// apiserverAuthArgs(ensureClusterCredentials(...)), and the kubeconfigs of writeClusterKubeconfigs used as
// written. kubectl verifies the server against the embedded CA (no --insecure-skip-tls-verify); a node's
// kubeconfig writes its own Node only; the admin password of the auth file works as basic auth; readiness
// checks pass over HTTPS with the admin kubeconfig.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../api/types';
import { KubeClient, loadKubeconfig } from '../client';
import { freePort } from '../../test/support/etcd';
import { runKubectl } from '../../test/support/secure-apiserver';
import { ensureClusterCredentials, type ClusterCredentials } from './credentials';
import { apiserverAuthArgs } from './credentials-flags';
import { writeClusterKubeconfigs, type ClusterKubeconfigs } from './kubeconfig';
import { clusterPaths } from './paths';
import { healthy, nodeReady } from './readiness';

let dir: string;
let server: string;
let creds: ClusterCredentials;
let kubeconfigs: ClusterKubeconfigs;
let child: ChildProcess | undefined;
let output = '';
const clients: KubeClient[] = [];

const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });

function client(kubeconfig: string): KubeClient {
  const c = KubeClient.fromKubeconfig(kubeconfig);
  clients.push(c);
  return c;
}

const kubectl = (kubeconfig: string, args: string[]) => runKubectl(kubeconfig, args, dir);

/** GET with basic auth, trusting only the cluster CA; resolves to the status code. */
function basicGet(pathname: string, user: string, password: string): Promise<number> {
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return new Promise((resolve, reject) =>
    https
      .get(
        `${server}${pathname}`,
        { ca: readFileSync(creds.pki.caCert), headers: { Authorization: auth } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-creds-https-'));
  const paths = clusterPaths(path.join(dir, 'home'));
  creds = ensureClusterCredentials(paths.home, {
    nodes: [{ name: 'n1', ip: '127.0.0.1' }],
    serverIps: [],
    serviceIp: '10.0.0.1',
    authFile: path.join(dir, 'kubernetes_auth'),
  });
  const port = await freePort();
  server = `https://127.0.0.1:${port}`;
  kubeconfigs = writeClusterKubeconfigs(paths, creds, server);
  child = spawn(
    'bin/k8ts',
    ['apiserver', '--data-dir', paths.data, ...apiserverAuthArgs(creds, '127.0.0.1', port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const admin = loadKubeconfig(kubeconfigs.admin).config;
  const deadline = Date.now() + 30_000;
  while (!(await healthy(admin))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`apiserver did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await client(kubeconfigs.admin).create('nodes', undefined, node('other'));
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generated credentials against a real apiserver', () => {
  it('kubectl with the admin kubeconfig verifies the server and lists nodes', async () => {
    const r = await kubectl(kubeconfigs.admin, ['get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS/);
    expect(r.stdout).toContain('other');
  });

  it('a node kubeconfig creates its own Node and is forbidden another', async () => {
    const n1 = client(kubeconfigs.nodes.n1!);
    const made = await n1.create('nodes', undefined, node('n1'));
    expect(made.metadata?.name).toBe('n1');
    await expect(n1.create('nodes', undefined, node('n2'))).rejects.toMatchObject({ code: 403 });
    await expect(n1.delete('nodes', undefined, 'other')).rejects.toMatchObject({ code: 403 });
    const r = await kubectl(kubeconfigs.nodes.n1!, ['get', 'node', 'n1', '-o', 'name']);
    expect(r.stdout.trim()).toBe('node/n1');
  });

  it('each component kubeconfig authenticates as its own user', async () => {
    const scheduler = client(kubeconfigs.components.scheduler);
    expect((await scheduler.list('nodes')).items.length).toBeGreaterThan(0);
    // The scheduler may read nodes but not make them: it is not the admin.
    await expect(scheduler.create('nodes', undefined, node('by-scheduler'))).rejects.toMatchObject({
      code: 403,
    });
  });

  it('the admin password from the auth file works as basic auth, and a wrong one gets 401', async () => {
    const auth = JSON.parse(readFileSync(creds.authFile, 'utf8')) as { User: string; Password: string };
    expect(await basicGet('/api/v1/nodes', auth.User, auth.Password)).toBe(200);
    expect(await basicGet('/api/v1/nodes', auth.User, `${auth.Password}x`)).toBe(401);
  });

  it('the apiserver’s kubelet client pair passes a kubelet’s TLS, which verifies as the node’s address', async () => {
    // A stand-in for a kubelet on --tls-cert-file/--tls-private-key-file/--client-ca-file.
    const n1 = creds.nodes[0]!;
    const kubelet = https.createServer(
      {
        cert: readFileSync(n1.serving.cert),
        key: readFileSync(n1.serving.key),
        ca: readFileSync(creds.pki.caCert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => res.end((req.socket as TLSSocket).getPeerCertificate().subject.CN),
    );
    await new Promise<void>((r) => kubelet.listen(0, n1.ip, r));
    const url = `https://${n1.ip}:${(kubelet.address() as AddressInfo).port}/healthz`;
    const get = (options: https.RequestOptions) =>
      new Promise<string>((resolve, reject) =>
        https
          .get(url, { ca: readFileSync(creds.pki.caCert), agent: false, ...options }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject),
      );
    try {
      const cert = readFileSync(creds.kubeletClient.cert);
      const key = readFileSync(creds.kubeletClient.key);
      expect(await get({ cert, key })).toBe('kube-apiserver-kubelet-client');
      await expect(get({})).rejects.toThrow(); // no client certificate: the handshake fails
    } finally {
      kubelet.close();
    }
  });

  it('readiness reports healthy and reads a node’s Ready condition over HTTPS', async () => {
    const admin = loadKubeconfig(kubeconfigs.admin).config;
    expect(await healthy(admin)).toBe(true);
    const n1 = client(kubeconfigs.nodes.n1!);
    const current = await n1.get<Node>('nodes', undefined, 'n1');
    const heartbeat = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const conditions = [
      { type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat },
    ];
    const ready: Node = { ...current, status: { conditions } };
    await n1.updateSubresource('nodes', undefined, 'n1', 'status', ready);
    expect(await nodeReady(admin, 'n1')).toBe('True');
    expect(await nodeReady(admin, 'missing')).toBe('not registered');
    expect(await nodeReady({ ...admin, token: 'not-a-token' }, 'n1')).toBe(
      'apiserver refused the credentials (401 Unauthorized)',
    );
  });
});
