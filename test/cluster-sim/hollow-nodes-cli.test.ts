// `k8ts hollow-nodes` as a process: with --kubeconfig (or --master) it registers --count Ready nodes with
// the given prefix, and SIGTERM stops it with exit code 0.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Node } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { startTestServer, type TestServer } from '../apiserver/harness';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let ts: TestServer;
let client: KubeClient;
let child: ChildProcess | undefined;
beforeAll(async () => {
  ts = await startTestServer('sqlite', []);
  client = new KubeClient({ server: ts.url });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  client?.close();
  await ts?.close();
});

function hollowNodes(args: string[]): { child: ChildProcess; output: () => string } {
  const p = spawn(
    process.execPath,
    [
      '--import',
      path.join(repo, 'node_modules/tsx/dist/loader.mjs'),
      path.join(repo, 'src/cli/main.ts'),
      'hollow-nodes',
      ...args,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'warn' } },
  );
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child: p, output: () => out };
}

describe('k8ts hollow-nodes', () => {
  it('registers --count Ready nodes through --kubeconfig and exits 0 on SIGTERM', async () => {
    const kubeconfig = ts.file(
      'hollow.kubeconfig',
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: local, cluster: {server: "' + ts.url + '"}}]',
        'users: [{name: me, user: {}}]',
        'contexts: [{name: local, context: {cluster: local, user: me}}]',
        'current-context: local',
        '',
      ].join('\n'),
    );
    const run = hollowNodes(['--kubeconfig', kubeconfig, '--count', '3', '--name-prefix', 'sim-']);
    child = run.child;
    await vi.waitFor(
      async () => {
        const nodes = (await client.list<Node>('nodes', undefined)).items;
        expect(nodes.map((n) => n.metadata?.name).sort()).toEqual(['sim-0', 'sim-1', 'sim-2']);
        for (const n of nodes)
          expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(run.output()).toContain('3 hollow nodes running');
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a bad --count, naming the flag', async () => {
    const run = hollowNodes(['--master', ts.url, '--count', 'many']);
    const code = await new Promise<number | null>((r) => run.child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(run.output()).toContain('invalid --count "many": want an integer ≥ 1');
  }, 60_000);
});
