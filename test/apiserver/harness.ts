// Test harness for the apiserver specs: an in-process apiserver on a free loopback port over either store
// (sqlite in a temp dir; etcd under a unique key prefix), and the real kubectl run against it with its own
// cache dir and an empty kubeconfig, so ~/.kube is never read or written.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src/apiserver';

export type StoreKind = 'sqlite' | 'etcd';

export interface TestServer {
  server: ApiServer;
  url: string;
  dir: string;
  kubectl(
    args: string[],
    opts?: { env?: Record<string, string>; input?: string; timeoutMs?: number },
  ): Promise<Result>;
  /** Starts a long-running kubectl (get -w); the caller stops it with stop(). */
  spawnKubectl(args: string[]): Watcher;
  /** Resolves once the server holds exactly `count` watches of `resource` open (read from its /metrics). */
  waitForOpenWatches(resource: string, count: number, timeoutMs: number): Promise<void>;
  /** Writes a file in the temp dir and returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Watcher {
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(
  store: StoreKind,
  etcdEndpoints: string[],
  extra: Partial<ApiServerOptions> = {},
): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), `k8ts-apiserver-${store}-`));
  const server = await startApiServer({
    store,
    dataDir: path.join(dir, 'data'),
    etcdServers: etcdEndpoints,
    etcdPrefix: `/k8ts-test-${process.pid}-${Date.now()}`,
    insecurePort: 0,
    ...extra,
  });
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: path.join(dir, 'kube-cache'),
  };
  const children = new Set<ChildProcess>();
  const start = (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn('/usr/bin/kubectl', ['-s', server.url, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  return {
    server,
    url: server.url,
    dir,
    kubectl(args, opts = {}) {
      return new Promise((resolve) => {
        const child = start(args, opts.env);
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
        child.stdin!.end(opts.input ?? '');
      });
    },
    spawnKubectl(args) {
      const child = start(args);
      child.stdin!.end();
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      return {
        output: () => out,
        async waitFor(pattern, timeoutMs) {
          const deadline = Date.now() + timeoutMs;
          while (!pattern.test(out)) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${out}`);
            if (child.exitCode !== null)
              throw new Error(`kubectl exited (${child.exitCode}) without ${pattern}:\n${out}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        async stop() {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        },
      };
    },
    async waitForOpenWatches(resource, count, timeoutMs) {
      const series = `k8ts_apiserver_long_running_requests{verb="watch",resource="${resource}"} `;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(series));
        const open = line ? Number(line.slice(series.length)) : 0;
        if (open === count) return;
        if (Date.now() > deadline) throw new Error(`${open} ${resource} watches open, not ${count}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    file(name, content) {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
