// A real local cluster for end-to-end specs: `bin/k8ts up` in a temp $K8TS_HOME with the caller's own bridge,
// namespace prefix and ranges (never k8ts0, cbr0 or 10.240/10.244/10.96), kubectl against its kubeconfig, and
// `down --purge` at the end. Every helper is bounded in time. Root, dockerd, busybox-static and kubectl needed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const exec = promisify(execFile);
const K8TS = path.resolve(import.meta.dirname, '..', '..', 'bin', 'k8ts');

const which = (cmd: string) =>
  ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(`${d}/${cmd}`));
export const canRunCluster =
  process.getuid?.() === 0 && ['dockerd', 'busybox', 'kubectl', 'iptables', 'ip'].every((c) => which(c));
export const canRunEtcd = which('etcd');

export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const v = await fn().catch((err: unknown) => {
      last = err;
      return undefined;
    });
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Whether a process lives (a zombie does not count). */
export { isAlive as alive } from '../../src/cluster/processes';

/** Every PID a cluster in `home` recorded: its components and its dockerd. */
export function recordedPids(home: string): number[] {
  const run = path.join(home, 'run');
  const files = existsSync(run)
    ? readdirSync(run)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => path.join(run, f))
    : [];
  files.push(path.join(home, 'docker', 'docker.pid'));
  return files.filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8')));
}

/** The last lines of each component's log: what they said before `down --purge` deletes them. */
export function printComponentLogs(home: string, lines = 15): void {
  const logs = path.join(home, 'logs');
  for (const f of existsSync(logs) ? readdirSync(logs) : [])
    console.error(
      `--- ${f}\n${readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-lines).join('\n')}`,
    );
}

export interface LocalCluster {
  home: string;
  kubeconfig: string;
  /** From the `up` command's start to all nodes Ready. */
  upMs: number;
  /** What `up` printed. */
  upOutput: string;
  /** The environment every command of this cluster runs with (its home, auth file and kube cache). */
  env: NodeJS.ProcessEnv;
  k8ts(args: string[], timeoutMs?: number): Promise<{ stdout: string; stderr: string }>;
  /** kubectl's trimmed stdout; rejects with its stderr on a non-zero exit. */
  kubectl(...args: string[]): Promise<string>;
  down(): Promise<void>;
}

/** `k8ts up --skip-install` with these extra flags; the home is `os.tmpdir()/<prefix>…`. */
export async function startLocalCluster(prefix: string, upFlags: string[]): Promise<LocalCluster> {
  const home = mkdtempSync(path.join(os.tmpdir(), prefix));
  // The admin password goes to a file of the test's own, never the real ~/.kubernetes_auth.
  const env = {
    ...process.env,
    K8TS_HOME: home,
    KUBECONFIG: path.join(home, 'kubeconfig'),
    K8TS_AUTH_FILE: path.join(home, 'kubernetes_auth'),
    KUBECACHEDIR: path.join(home, 'kubecache'),
  };
  const k8ts = (args: string[], timeout = 60_000) => exec(K8TS, args, { env, timeout });
  let kubeconfig = path.join(home, 'kubeconfig');
  const cluster: LocalCluster = {
    home,
    kubeconfig,
    upMs: 0,
    upOutput: '',
    env,
    k8ts,
    kubectl: async (...args) =>
      (
        await exec('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], { env, timeout: 30_000 })
      ).stdout.trim(),
    down: async () => {
      try {
        await k8ts(['down', '--purge'], 120_000);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
  const started = Date.now();
  try {
    const { stdout } = await k8ts(['up', '--skip-install', ...upFlags], 180_000);
    kubeconfig = /export KUBECONFIG=(\S+)/.exec(stdout)?.[1] ?? kubeconfig;
    cluster.kubeconfig = kubeconfig;
    cluster.upMs = Date.now() - started;
    cluster.upOutput = stdout;
    return cluster;
  } catch (err) {
    printComponentLogs(home);
    await cluster.down().catch(() => undefined);
    throw err;
  }
}

/** Waits for a pod to be Running with an IP; returns [ip, node]. */
export async function runningPod(
  cluster: LocalCluster,
  name: string,
  ms = 60_000,
): Promise<[string, string]> {
  return until(
    `pod ${name} Running with an IP`,
    async () => {
      const [phase, ip, node] = (
        await cluster.kubectl(
          'get',
          'pod',
          name,
          '-o',
          'jsonpath={.status.phase} {.status.podIP} {.spec.nodeName}',
        )
      ).split(' ');
      return phase === 'Running' && ip && node ? ([ip, node] as [string, string]) : undefined;
    },
    ms,
  );
}

/** What is left on the host with any of these names or address prefixes: links, namespaces, routes, rules. */
export async function leftovers(names: string[], ranges: string[]): Promise<string[]> {
  const found: string[] = [];
  const netns = (await exec('ip', ['netns', 'list'])).stdout;
  const links = (await exec('ip', ['-o', 'link', 'show'])).stdout;
  const routes = (await exec('ip', ['route', 'show', 'table', 'all'])).stdout;
  const rules = (await exec('iptables-save', [])).stdout;
  for (const n of names) {
    if (netns.includes(n)) found.push(`netns ${n}`);
    if (links.includes(n)) found.push(`link ${n}`);
    if (rules.includes(n)) found.push(`iptables ${n}`);
  }
  for (const r of ranges) {
    if (routes.includes(r)) found.push(`route ${r}`);
    if (rules.includes(r)) found.push(`iptables ${r}`);
  }
  return found;
}
