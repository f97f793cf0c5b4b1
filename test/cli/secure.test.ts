// The CLI as `k8ts up` leaves it: HTTPS with the cluster's CA and basic auth, found through
// $K8TS_HOME/kubeconfig with no flags; its namespace comes from the context. Also the real `bin/k8ts`
// process: it exits as soon as a verb is done, and `get -w` stops on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../src/apiserver';
import { KubeClient } from '../../src/client';
import { writeKubeconfig, writeSecureFiles } from '../support/secure-apiserver';
import { runCli, waitForOutput } from './harness';

const PASSWORD = 'correct horse battery staple';
let dir: string;
let server: ApiServer;
let ca: string;

const kubeconfig = (file: string, password: string) =>
  writeKubeconfig(file, { server: server.url, ca, user: { username: 'admin', password }, namespace: 'team' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-cli-secure-'));
  const secure = writeSecureFiles(dir, PASSWORD);
  ca = secure.ca.cert;
  server = await startApiServer(secure.options(path.join(dir, 'data')));
  kubeconfig(path.join(dir, 'kubeconfig'), PASSWORD);
  kubeconfig(path.join(dir, 'wrong.kubeconfig'), 'guess');
  const admin = new KubeClient({ server: server.url, ca, username: 'admin', password: PASSWORD });
  await admin.create('namespaces', undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team' },
  });
  admin.close();
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('over HTTPS with basic auth, from $K8TS_HOME/kubeconfig', () => {
  const env = () => ({ K8TS_HOME: dir });

  it('creates and lists in the context’s namespace', async () => {
    expect(server.url).toMatch(/^https:/);
    const made = await runCli(['run', 'sec', '--image', 'nginx'], { env: env() });
    expect(made).toMatchObject({ code: 0, stdout: 'pod/sec created\n' });
    const r = await runCli(['get', 'pods'], { env: env() });
    expect(r.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nsec +0\/1 +Pending +0 +\d+s\n$/);
    expect((await runCli(['get', 'pods', '-n', 'default'], { env: env() })).stderr).toBe(
      'No resources found in default namespace.\n',
    );
  });

  it('says to check the credentials on 401', async () => {
    const r = await runCli(['get', 'pods', '--kubeconfig', path.join(dir, 'wrong.kubeconfig')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: You must be logged in to the server \(.*\): check the user in your kubeconfig\n$/,
    );
  });
});

describe('the k8ts process', () => {
  const k8ts = (args: string[]) =>
    spawn(path.resolve('bin/k8ts'), args, { env: { ...process.env, K8TS_HOME: dir, KUBECONFIG: '' } });

  it('exits with the verb’s code once it is done', async () => {
    const started = Date.now();
    const child = k8ts(['get', 'pod', 'sec', '-o', 'name']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect({ code, out }).toEqual({ code: 0, out: 'pod/sec\n' });
    expect(Date.now() - started).toBeLessThan(15_000);
    const missing = k8ts(['get', 'pod', 'nope']);
    expect(await new Promise((r) => missing.on('exit', r))).toBe(1);
  }, 60_000);

  it('get -w stops on SIGINT', async () => {
    const child = k8ts(['get', 'pods', '-w']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitForOutput(() => out, /^NAME .*\nsec /, 30_000);
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
