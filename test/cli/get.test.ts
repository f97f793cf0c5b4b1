// `k8ts get` against a real apiserver: kubectl-like tables from the server's columns, -o yaml|json|name,
// -l, -A, several types, -w, and the errors a user meets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../apiserver/harness';
import { podYaml } from '../apiserver/fixtures';
import { runCli, waitForOutput } from './harness';

let ts: TestServer;
let s: string[];

beforeAll(async () => {
  ts = await startTestServer('sqlite', []);
  s = ['-s', ts.url];
  const file = ts.file(
    'pods.yaml',
    `${podYaml('web-1', { app: 'web' })}---\n${podYaml('db-1', { app: 'db' })}`,
  );
  expect((await runCli(['create', '-f', file, ...s])).code).toBe(0);
  await runCli([
    'create',
    '-f',
    ts.file('other.yaml', podYaml('web-9', { app: 'web' })),
    '-n',
    'kube-system',
    ...s,
  ]);
});
afterAll(() => ts.close());

describe('k8ts get', () => {
  it('prints the server’s columns as an aligned table', async () => {
    const r = await runCli(['get', 'pods', ...s]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {3,}READY {3,}STATUS {3,}RESTARTS {3,}AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['db-1', 'web-1']);
    expect(lines[1]).toMatch(/^db-1 +0\/1 +Pending +0 +\d+s$/);
    // Every column starts at the same offset on every line.
    const at = lines[0]!.indexOf('STATUS');
    for (const l of lines) expect(l.slice(at, at + 7)).toMatch(/^Pending|^STATUS /);
  });

  it('adds the wide columns with -o wide and a NAMESPACE column with -A', async () => {
    expect((await runCli(['get', 'po', '-o', 'wide', ...s])).stdout.split('\n')[0]).toMatch(/ IP +NODE/);
    const all = await runCli(['get', 'pods', '-A', ...s]);
    expect(all.stdout).toMatch(/^NAMESPACE +NAME +READY/);
    expect(all.stdout).toMatch(/\nkube-system +web-9 /);
    expect(all.stdout).toMatch(/\ndefault +web-1 /);
  });

  it('filters with -l and --field-selector', async () => {
    const r = await runCli(['get', 'pods', '-l', 'app=web', '-o', 'name', ...s]);
    expect(r.stdout).toBe('pod/web-1\n');
    const f = await runCli(['get', 'pods', '--field-selector', 'metadata.name=db-1', '-o', 'name', ...s]);
    expect(f.stdout).toBe('pod/db-1\n');
  });

  it('prints one object as yaml or json, several as a List', async () => {
    const one = parse((await runCli(['get', 'pod/web-1', '-o', 'yaml', ...s])).stdout);
    expect(one).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web-1', labels: { app: 'web' } },
    });
    const list = JSON.parse((await runCli(['get', 'pods', '-o', 'json', ...s])).stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((i: { kind: string }) => i.kind)).toEqual(['Pod', 'Pod']);
  });

  it('prints kind/name for several types (get all) and skips empty ones', async () => {
    await runCli(['run', 'fe', '--image', 'nginx', '--replicas', '0', ...s]);
    const r = await runCli(['get', 'all', ...s]);
    expect(r.stdout).toMatch(/^NAME +READY +STATUS/);
    expect(r.stdout).toContain('pod/web-1');
    expect(r.stdout).toMatch(/\n\nNAME +DESIRED +CURRENT +READY +AGE\nreplicationcontroller\/fe +0 +0 +0 /);
    expect((await runCli(['get', 'no', ...s])).stderr).toBe('No resources found.\n');
  });

  it('says when nothing matches', async () => {
    const r = await runCli(['get', 'pods', '-l', 'app=none', ...s]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });

  it('fails with one line naming what is missing, the type or the cluster', async () => {
    expect(await runCli(['get', 'pod', 'nope', ...s])).toMatchObject({
      code: 1,
      stderr: 'error: pods "nope" not found in namespace "default"\n',
    });
    const bad = await runCli(['get', 'widgets', ...s]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: the server doesn't have a resource type "widgets"/);
    const down = await runCli(['get', 'pods', '-s', 'http://127.0.0.1:1']);
    expect(down).toMatchObject({
      code: 1,
      stderr: 'error: cannot reach the apiserver at http://127.0.0.1:1: is the cluster up? (k8ts up)\n',
    });
    expect((await runCli(['get', 'pods,svc', '-w', ...s])).stderr).toMatch(
      /^error: watch is only supported on individual resources/,
    );
    const none = await runCli(['get', 'pods']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^error: no cluster to talk to: .*kubeconfig does not exist; start one with `k8ts up`/,
    );
  });

  it('watches: prints the list, then a row per change, until Ctrl-C', async () => {
    const r = await runCli(['get', 'pods', '-w', '-l', 'app=watched', ...s], {
      interrupt: async (out) => {
        await new Promise((res) => setTimeout(res, 200));
        await runCli(['run', 'w1', '--image', 'nginx', '-l', 'app=watched', ...s]);
        await waitForOutput(out, /w1 .*Pending/);
        await runCli(['label', 'pod', 'w1', 'extra=1', ...s]);
        await waitForOutput(out, /w1[^\n]*\n[^\n]*w1/);
      },
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +READY +STATUS/);
    expect(lines.slice(1).every((l) => l.startsWith('w1 '))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });
});
