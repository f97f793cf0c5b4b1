// NodePort services through the real kubectl 1.32: `expose --type=NodePort` gets a port from the range and
// `get svc` shows it as 80:3xxxx/TCP; an explicit port is honoured or refused with Kubernetes' wording;
// type changes and deletes give ports back. On both stores in process, then `k8ts apiserver` as a real
// process with --service-node-port-range, restarted on its data dir: allocations survive the restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/etcd';
import { rcYaml } from './fixtures';
import { startTestServer, type StoreKind, type TestServer } from './harness';

const kubectlOk = async (t: Pick<TestServer, 'kubectl'>, args: string[]) => {
  const r = await t.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

describe.each<StoreKind>(['sqlite', 'etcd'])('NodePort services with kubectl on %s', (store) => {
  let t: TestServer;
  const ok = (args: string[]) => kubectlOk(t, args);
  const nodePortOf = async (svc: string) =>
    Number(await ok(['get', 'svc', svc, '-o', 'jsonpath={.spec.ports[0].nodePort}']));

  beforeAll(async () => {
    t = await startTestServer(store, inject('etcdEndpoints'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exposes an rc as a NodePort service and shows PORT(S) as port:nodePort/TCP', async () => {
    await ok(['create', '-f', t.file('x.yaml', rcYaml('x', 1))]);
    expect(await ok(['expose', 'rc', 'x', '--type=NodePort', '--port=80'])).toBe('service/x exposed\n');
    const nodePort = await nodePortOf('x');
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    const table = await ok(['get', 'svc', 'x']);
    expect(table).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
    expect(table).toMatch(
      new RegExp(`^x\\s+NodePort\\s+10\\.96\\.\\d+\\.\\d+\\s+<none>\\s+80:${nodePort}/TCP\\s`, 'm'),
    );
    // A second exposure of the same rc gets another port.
    await ok(['expose', 'rc', 'x', '--name=x2', '--type=LoadBalancer', '--port=81']);
    expect(await nodePortOf('x2')).not.toBe(nodePort);
  });

  // `kubectl create service nodeport` sends a protobuf body the apiserver does not decode for Services yet,
  // so these services come from files.
  const nodePortSvc = (name: string, type: string, nodePort?: number) =>
    t.file(
      `${name}.json`,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name },
        spec: { type, selector: { app: name }, ports: [{ port: 80, targetPort: 8080, nodePort }] },
      }),
    );

  it('honours an explicit node port and refuses a taken or out-of-range one', async () => {
    expect(await ok(['create', '-f', nodePortSvc('e1', 'NodePort', 30080)])).toBe('service/e1 created\n');
    expect(await nodePortOf('e1')).toBe(30080);
    const taken = await t.kubectl(['create', '-f', nodePortSvc('e2', 'NodePort', 30080)]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(
      'The Service "e2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n',
    );
    const outside = await t.kubectl(['create', '-f', nodePortSvc('e3', 'NodePort', 8080)]);
    expect(outside.stderr).toBe(
      'The Service "e3" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
    const onClusterIp = await t.kubectl(['create', '-f', nodePortSvc('e4', 'ClusterIP', 30081)]);
    expect(onClusterIp.stderr).toBe(
      'The Service "e4" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'\n',
    );
  });

  it('keeps the port on apply, frees it on a change to ClusterIP and on delete', async () => {
    const file = nodePortSvc('k', 'NodePort');
    expect(await ok(['apply', '-f', file])).toBe('service/k created\n');
    const held = await nodePortOf('k');
    expect(await ok(['apply', '-f', file])).toBe('service/k unchanged\n');
    await ok(['label', 'svc', 'k', 'changed=yes']);
    expect(await nodePortOf('k')).toBe(held);
    expect(await ok(['patch', 'svc', 'k', '-p', '{"spec":{"type":"ClusterIP"}}'])).toBe(
      'service/k patched\n',
    );
    expect(await ok(['get', 'svc', 'k', '--no-headers'])).toMatch(
      /^k\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s/,
    );
    await ok(['create', '-f', nodePortSvc('k2', 'NodePort', held)]);
    await ok(['delete', 'svc', 'k2']);
    await ok(['create', '-f', nodePortSvc('k3', 'NodePort', held)]);
  });
});

describe('k8ts apiserver --service-node-port-range, restarted', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-nodeport-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(port: number): Promise<void> {
    // Through tsx, as bench/apiserver/server-process.ts does: no bundle step, so only the apiserver's own
    // sources need to build.
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'apiserver',
        '--data-dir',
        path.join(dir, 'data'),
        '--insecure-port',
        String(port),
      ].concat(['--service-node-port-range', '31000-31002']),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`apiserver exited ${child.exitCode}`);
      if (
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error('apiserver not healthy after 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function stop(): Promise<void> {
    const c = child!;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
  const serviceFile = (name: string) => {
    const file = path.join(dir, `${name}.json`);
    const ports = [{ port: 80, targetPort: 8080 }];
    const spec = { type: 'NodePort', selector: { app: name }, ports };
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec }));
    return file;
  };
  const kubectl = (port: number) => ({
    kubectl: (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const kubeconfig = path.join(dir, 'kubeconfig');
        writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
        const c = spawn('/usr/bin/kubectl', ['-s', `http://127.0.0.1:${port}`, ...args], {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig },
        });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        c.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
  });

  it('allocates from the configured range and remembers it across a restart', async () => {
    const port = await freePort();
    await start(port);
    const k = kubectl(port);
    const created = [];
    for (const name of ['a', 'b']) {
      await kubectlOk(k, ['create', '-f', serviceFile(name)]);
      created.push(
        Number(await kubectlOk(k, ['get', 'svc', name, '-o', 'jsonpath={.spec.ports[0].nodePort}'])),
      );
    }
    expect(created.every((p) => p >= 31000 && p <= 31002)).toBe(true);
    await stop();
    await start(port);
    await kubectlOk(k, ['create', '-f', serviceFile('c')]);
    const third = Number(await kubectlOk(k, ['get', 'svc', 'c', '-o', 'jsonpath={.spec.ports[0].nodePort}']));
    expect(new Set([...created, third]).size).toBe(3);
    const full = await k.kubectl(['create', '-f', serviceFile('d')]);
    expect(full.stderr).toContain('range is full: no node ports left in 31000-31002');
  }, 90_000);
});
