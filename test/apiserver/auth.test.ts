// Security built into the apiserver, end to end: a real `k8ts apiserver` process on a secure port with a CA
// and serving certificate from src/cluster/pki, a token file, a basic-auth file and a client CA. kubectl 1.32
// verifies the server against the CA (no --insecure-skip-tls-verify); missing or wrong credentials get 401;
// a node's token may write only its own Node and the status of pods bound to it; the scheduler may bind;
// @kubernetes/client-node and our own client (list and watch) work over HTTPS with the same kubeconfig;
// `kubectl auth can-i` and `kubectl auth whoami` answer for the caller.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binding, Node, Pod } from '../../src/api/types';
import { KubeClient, type ClientConfig, type WatchEvent } from '../../src/client';
import { generateCa, generateClientCert, type CertKeyPair } from '../../src/cluster/pki';
import { freePort } from '../support/etcd';
import { runKubectl, TOKENS, writeKubeconfig, writeSecureFiles } from '../support/secure-apiserver';

const PASSWORD = 'correct horse battery staple';

let dir: string;
let url: string;
let ca: CertKeyPair;
let child: ChildProcess | undefined;
let output = '';
const clients: KubeClient[] = [];

/** A kubeconfig file with CA data and the given user fields; returns its path. */
const kubeconfig = (name: string, user: Record<string, string>): string =>
  writeKubeconfig(path.join(dir, `${name}.kubeconfig`), { server: url, ca: ca.cert, user });

function client(config: Partial<ClientConfig>): KubeClient {
  const c = new KubeClient({ server: url, ca: ca.cert, ...config });
  clients.push(c);
  return c;
}

const kubectl = (kubeconfig: string, args: string[]) => runKubectl(kubeconfig, args, dir);

/** A raw HTTPS request trusting the CA: status, headers and parsed body. */
function raw(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    https
      .get(`${url}${pathname}`, { ca: ca.cert, headers }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // health answers are plain text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      })
      .on('error', reject);
  });
}

const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const pod = (name: string, extra: Partial<Pod['spec']> = {}, annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-auth-'));
  const secure = writeSecureFiles(dir, PASSWORD);
  ca = secure.ca;
  const port = await freePort();
  url = `https://127.0.0.1:${port}`;
  child = spawn('bin/k8ts', ['apiserver', '--data-dir', path.join(dir, 'data'), ...secure.flags(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await raw('/healthz')).status === 200) break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`apiserver did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The admin makes the objects the node and scheduler tests act on.
  const admin = client({ token: TOKENS.admin });
  await admin.create('nodes', undefined, node('n2'));
  await admin.create('pods', 'default', pod('on-n1', { nodeName: 'n1' }));
  await admin.create('pods', 'default', pod('on-n2', { nodeName: 'n2' }));
  await admin.create('pods', 'default', pod('unscheduled'));
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

describe('apiserver security', () => {
  it('kubectl verifies the server against the CA and authenticates with a token', async () => {
    const r = await kubectl(kubeconfig('admin', { token: TOKENS.admin }), ['get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS/);
    expect(r.stdout).toContain('n2');
  });

  it('kubectl authenticates with basic auth', async () => {
    const r = await kubectl(kubeconfig('basic', { username: 'admin', password: PASSWORD }), ['get', 'pods']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('on-n1');
  });

  it('kubectl with a wrong password or an unknown token is told to log in (401)', async () => {
    // (A kubeconfig user with no credentials at all never reaches the server: on https client-go prompts for
    // a user name and, with no terminal, fails with EOF. The raw requests below cover that case.)
    for (const config of [
      kubeconfig('wrong', { username: 'admin', password: 'wrong' }),
      kubeconfig('unknown', { token: 'not-a-token' }),
    ]) {
      const r = await kubectl(config, ['get', 'nodes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    }
  });

  it('answers 401 Status with a basic challenge, and lets anyone read health and version', async () => {
    const wrong = `Basic ${Buffer.from('admin:nope').toString('base64')}`;
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: wrong },
      { Authorization: 'Bearer nope' },
    ];
    for (const headers of attempts) {
      const r = await raw('/api/v1/nodes', headers);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Basic realm="kubernetes-master"');
      expect(r.body).toMatchObject({
        kind: 'Status',
        code: 401,
        reason: 'Unauthorized',
        message: 'Unauthorized',
      });
    }
    expect((await raw('/healthz')).body).toBe('ok');
    expect((await raw('/version')).body).toMatchObject({ major: '1' });
    // Bad credentials are refused even where none are needed.
    expect((await raw('/healthz', { Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('checks exec upgrades too: 401 without credentials, 403 for a node', async () => {
    const upgrade = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request(`${url}/api/v1/namespaces/default/pods/on-n1/exec?command=ls&stdout=1`, {
          ca: ca.cert,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket', ...headers },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('upgrade', () => reject(new Error('upgraded without authorization')));
        req.on('error', reject);
        req.end();
      });
    expect((await upgrade({})).status).toBe(401);
    const denied = await upgrade({ Authorization: `Bearer ${TOKENS.n1}` });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body).message).toBe(
      'pods "on-n1" is forbidden: User "system:node:n1" cannot get resource "pods/exec" in API group "" in the namespace "default"',
    );
  });

  it('never logs a password or token', () => {
    for (const secret of [PASSWORD, 'nope', ...Object.values(TOKENS)]) expect(output).not.toContain(secret);
  });

  it('lets a node write its own Node but not another (403 worded like Kubernetes)', async () => {
    const n1 = client({ token: TOKENS.n1 });
    await n1.create('nodes', undefined, node('n1'));
    await n1.updateStatus('nodes', undefined, { ...node('n1'), status: { phase: 'Running' } });
    await n1.patch('nodes', undefined, 'n1', 'merge', { metadata: { labels: { zone: 'a' } } });
    const other = await n1.get<Node>('nodes', undefined, 'n2'); // reading is fine
    await expect(n1.update('nodes', undefined, other)).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'nodes "n2" is forbidden: User "system:node:n1" cannot update resource "nodes" in API group "" at the cluster scope',
    });
    await expect(n1.create('nodes', undefined, node('n3'))).rejects.toMatchObject({
      code: 403,
      message: 'nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"',
    });
    await expect(n1.delete('nodes', undefined, 'n1')).rejects.toMatchObject({ code: 403 });
  });

  it('lets a node write status only of pods bound to it, and create only its mirror pods', async () => {
    const n1 = client({ token: TOKENS.n1 });
    const mine = await n1.get<Pod>('pods', 'default', 'on-n1');
    await n1.updateStatus('pods', 'default', { ...mine, status: { phase: 'Running' } });
    const theirs = await n1.get<Pod>('pods', 'default', 'on-n2');
    await expect(
      n1.updateStatus('pods', 'default', { ...theirs, status: { phase: 'Failed' } }),
    ).rejects.toMatchObject({
      code: 403,
      message:
        'pods "on-n2" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
    });
    await expect(n1.create('pods', 'default', pod('sneaky', { nodeName: 'n1' }))).rejects.toMatchObject({
      code: 403,
    });
    const mirror = await n1.create<Pod>(
      'pods',
      'default',
      pod('static-n1', { nodeName: 'n1' }, { 'kubernetes.io/config.mirror': 'abc' }),
    );
    expect(mirror.metadata?.uid).toBeTruthy();
    await n1.delete('pods', 'default', 'static-n1');
    await expect(n1.delete('pods', 'default', 'on-n2')).rejects.toMatchObject({ code: 403 });
  });

  it('lets the scheduler bind pods, but not create them', async () => {
    const scheduler = client({ token: TOKENS.scheduler });
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'unscheduled' },
      target: { kind: 'Node', name: 'n2' },
    };
    await scheduler.createSubresource('pods', 'default', 'unscheduled', 'binding', binding);
    expect((await scheduler.get<Pod>('pods', 'default', 'unscheduled')).spec?.nodeName).toBe('n2');
    await expect(scheduler.create('pods', 'default', pod('x'))).rejects.toMatchObject({ code: 403 });
  });

  it('authenticates a client certificate as CN = user, O = groups', async () => {
    const cert = generateClientCert(ca, 'system:node:n4', ['system:nodes']);
    const n4 = client({ cert: cert.cert, key: cert.key });
    await n4.create('nodes', undefined, node('n4'));
    await expect(n4.create('nodes', undefined, node('n5'))).rejects.toMatchObject({ code: 403 });
    const stranger = generateClientCert(generateCa(), 'admin', ['system:masters']);
    await expect(client({ cert: stranger.cert, key: stranger.key }).list('nodes')).rejects.toMatchObject({
      code: 401,
    });
  });

  it('answers kubectl auth can-i for the caller by the policy', async () => {
    const admin = kubeconfig('can-i-admin', { token: TOKENS.admin });
    const n1 = kubeconfig('can-i-n1', { token: TOKENS.n1 });
    const canI = async (config: string, ...args: string[]) => {
      const r = await kubectl(config, ['auth', 'can-i', ...args]);
      return { code: r.code, out: r.stdout, err: r.stderr };
    };
    expect(await canI(admin, 'create', 'pods')).toEqual({ code: 0, out: 'yes\n', err: '' });
    expect(await canI(admin, '*', '*')).toEqual({ code: 0, out: 'yes\n', err: '' });
    expect(await canI(n1, 'get', 'pods')).toEqual({ code: 0, out: 'yes\n', err: '' });
    expect(await canI(n1, 'delete', 'nodes')).toEqual({
      code: 1,
      out: 'no\n',
      err: "Warning: resource 'nodes' is not namespace scoped\n\n",
    });
    expect(await canI(n1, 'update', 'nodes/n1', '--subresource=status')).toMatchObject({ code: 0 });
    expect(await canI(n1, 'update', 'nodes/n2', '--subresource=status')).toMatchObject({ code: 1 });
    // Allowed here; NodeRestriction then checks that the pod is a mirror pod bound to n1 (tested above).
    expect(await canI(n1, 'create', 'pods')).toEqual({ code: 0, out: 'yes\n', err: '' });
    expect(await canI(n1, '*', '*')).toEqual({
      code: 1,
      out: 'no - only system:masters may do every verb or touch every resource\n',
      err: '',
    });
    expect(await canI(admin, 'create', 'widgets.example.com')).toEqual({
      code: 1,
      out: 'no - no such resource group in k8ts: "example.com"\n',
      err: "Warning: the server doesn't have a resource type 'widgets' in group 'example.com'\n\n",
    });
    expect(await canI(n1, 'get', '/healthz')).toMatchObject({ code: 0, out: 'yes\n' });
    expect(await canI(n1, 'get', '/metrics')).toMatchObject({ code: 1, out: 'no\n' });
  });

  it("lists the caller's rules: kubectl auth can-i --list", async () => {
    const list = async (token: string, ...args: string[]) => {
      const r = await kubectl(kubeconfig(`can-i-list-${token.slice(0, 5)}`, { token }), [
        'auth',
        'can-i',
        '--list',
        ...args,
      ]);
      return { code: r.code, out: r.stdout.replace(/ +/g, ' '), err: r.stderr };
    };
    expect(await list(TOKENS.admin)).toEqual({
      code: 0,
      out: 'Resources Non-Resource URLs Resource Names Verbs\n*.* [] [] [*]\n [*] [] [*]\n',
      err: '',
    });
    const n1 = await list(TOKENS.n1);
    expect(n1).toMatchObject({ code: 0, err: '' });
    const rows = n1.out.split('\n');
    expect(rows).toEqual(
      expect.arrayContaining([
        'nodes [] [n1] [update patch]',
        'nodes/status [] [n1] [update patch]',
        'pods [] [] [get list watch create delete]',
        'pods/status [] [] [update patch]',
        '*/status [] [] [get list watch]',
        'selfsubjectrulesreviews.authorization.k8s.io [] [] [create]',
        ' [/healthz] [] [get]',
        ' [/apis/*] [] [get]',
      ]),
    );
    // Never implied by reading: logs and exec run code on a node.
    expect(n1.out).not.toMatch(/pods\/(log|exec)|\*\.\*/);
    // The scheduler's leader-election lock is an Endpoints object in kube-system only.
    const endpointsRow = async (...args: string[]) =>
      (await list(TOKENS.scheduler, ...args)).out.split('\n').find((r) => r.startsWith('endpoints '));
    expect(await endpointsRow('-n', 'kube-system')).toBe('endpoints [] [] [get list watch create update]');
    expect(await endpointsRow()).toBe('endpoints [] [] [get list watch]');
  });

  it('answers kubectl auth whoami with the user and groups authentication found', async () => {
    const admin = await kubectl(kubeconfig('whoami-admin', { token: TOKENS.admin }), ['auth', 'whoami']);
    expect(admin).toEqual({
      code: 0,
      stdout: [
        'ATTRIBUTE   VALUE',
        'Username    admin',
        'UID         admin',
        'Groups      [system:masters system:authenticated]',
        '',
      ].join('\n'),
      stderr: '',
    });
    const cert = generateClientCert(ca, 'system:node:n7', ['system:nodes']);
    const n7 = kubeconfig('whoami-n7', {
      'client-certificate-data': Buffer.from(cert.cert).toString('base64'),
      'client-key-data': Buffer.from(cert.key).toString('base64'),
    });
    const node = await kubectl(n7, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo}']);
    expect(node.code).toBe(0);
    expect(JSON.parse(node.stdout)).toEqual({
      username: 'system:node:n7',
      groups: ['system:nodes', 'system:authenticated'],
    });
  });

  it('lists the review kinds in discovery and refuses them to anonymous callers (401)', async () => {
    const r = await kubectl(kubeconfig('reviews-admin', { token: TOKENS.admin }), ['api-resources']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview/,
    );
    expect(r.stdout).toMatch(
      /selfsubjectrulesreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectRulesReview/,
    );
    expect(r.stdout).toMatch(/selfsubjectreviews\s+authentication\.k8s\.io\/v1\s+false\s+SelfSubjectReview/);
    expect(r.stdout).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
    expect((await raw('/apis/authentication.k8s.io/v1')).status).toBe(401);
  });

  it('serves @kubernetes/client-node over HTTPS with the kubeconfig', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig('client-node', { token: TOKENS.admin }));
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toContain('n2');
  });

  it('serves our own client over HTTPS from a kubeconfig: list and watch', async () => {
    const ours = KubeClient.fromKubeconfig(kubeconfig('ours', { token: TOKENS.admin }));
    clients.push(ours);
    const list = await ours.list<Node>('nodes');
    expect(list.items.map((n) => n.metadata?.name)).toContain('n2');
    const events: WatchEvent<Node>[] = [];
    const handle = ours.watch<Node>(
      'nodes',
      undefined,
      { resourceVersion: list.metadata?.resourceVersion },
      (e) => events.push(e),
      () => undefined,
    );
    try {
      await ours.create('nodes', undefined, node('watched'));
      const deadline = Date.now() + 10_000;
      while (!events.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'watched')) {
        if (Date.now() > deadline) throw new Error(`no ADDED event; saw ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      handle.stop();
    }
  });
});
