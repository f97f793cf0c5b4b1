// `k8ts up`: installs what is missing, then brings up a working single-node cluster — our dockerd and images,
// the forwarding guard, apiserver (embedded store), controller-manager, scheduler and one kubelet — and waits
// until /healthz answers ok and the node is Ready. On a running cluster it only says so; after a crash it
// restarts the dead components and keeps the state.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMPONENTS, componentSpec, serverOf } from './components';
import { ensureForwardGuard } from './firewall';
import { dockerdPid, startNodeRuntime } from './node-runtime';
import { clusterPaths, repoRoot, type ClusterPaths } from './paths';
import { runningPid, startComponent } from './processes';
import { Progress } from './progress';
import { loadSettings, resolveSettings, saveSettings, type ClusterSettings } from './settings';

export interface UpOptions extends Partial<ClusterSettings> {
  home?: string;
  skipInstall?: boolean;
  /** How long to wait for health and a Ready node; default 120 s. */
  readyTimeoutMs?: number;
  out?: NodeJS.WriteStream;
}

export interface UpResult {
  alreadyRunning: boolean;
  /** Components (and dockerd) started by this call. */
  started: string[];
  server: string;
  kubeconfig: string;
  nodeName: string;
  /** From the start of `up` to a Ready node. */
  elapsedMs: number;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with code ${code}`)),
    );
  });
}

async function healthy(server: string): Promise<boolean> {
  try {
    const res = await fetch(`${server}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok && (await res.text()).trim() === 'ok';
  } catch {
    return false;
  }
}

interface NodeCondition {
  type?: string;
  status?: string;
  lastHeartbeatTime?: string;
}

/** The node's Ready condition status (True/False/Unknown), or why there is none yet. With `since`, a Ready
 * condition counts only when a kubelet heartbeat came after it (a restarted kubelet must have reported). */
async function nodeReady(server: string, name: string, since = 0): Promise<string> {
  try {
    const res = await fetch(`${server}/api/v1/nodes/${encodeURIComponent(name)}`, {
      signal: AbortSignal.timeout(2000),
    });
    if (res.status === 404) return 'not registered';
    const node = (await res.json()) as { status?: { conditions?: NodeCondition[] } };
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready?.status) return 'no Ready condition';
    // Heartbeats have one-second precision.
    if (since && Date.parse(ready.lastHeartbeatTime ?? '') < since - 1000) return 'waiting for a heartbeat';
    return ready.status;
  } catch {
    return 'apiserver unreachable';
  }
}

function writeKubeconfig(paths: ClusterPaths, server: string): void {
  mkdirSync(paths.home, { recursive: true });
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: k8ts',
    '  cluster:',
    `    server: ${server}`,
    'contexts:',
    '- name: k8ts',
    '  context:',
    '    cluster: k8ts',
    '    user: k8ts',
    'current-context: k8ts',
    'users:',
    '- name: k8ts',
    '  user: {}',
    '',
  ].join('\n');
  writeFileSync(paths.kubeconfig, text, { mode: 0o600 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function running(paths: ClusterPaths, s: ClusterSettings): Promise<boolean> {
  return (
    dockerdPid(paths) !== undefined &&
    COMPONENTS.every((c) => runningPid(paths, c) !== undefined) &&
    (await healthy(serverOf(s))) &&
    (await nodeReady(serverOf(s), s.nodeName)) === 'True'
  );
}

export async function up(options: UpOptions = {}): Promise<UpResult> {
  const started = Date.now();
  const paths = clusterPaths(options.home);
  const settings = resolveSettings(options, loadSettings(paths));
  const server = serverOf(settings);
  const result = (alreadyRunning: boolean, startedNames: string[]): UpResult => ({
    alreadyRunning,
    started: startedNames,
    server,
    kubeconfig: paths.kubeconfig,
    nodeName: settings.nodeName,
    elapsedMs: Date.now() - started,
  });
  if (await running(paths, settings)) return result(true, []);

  const startedNames: string[] = [];
  const progress = new Progress(options.out ?? process.stderr, options.skipInstall ? 5 : 6);
  if (!options.skipInstall) {
    await progress.step('Installing what is missing (Debian packages, npm dependencies)', () =>
      run('bash', [path.join(repoRoot, 'scripts', 'install-deps.sh')]),
    );
  }
  saveSettings(paths, settings);
  mkdirSync(paths.data, { recursive: true });

  const socket = await progress.step('Starting our dockerd and building the images', async (update) => {
    const wasRunning = dockerdPid(paths) !== undefined;
    const s = await startNodeRuntime(paths, update);
    if (!wasRunning) startedNames.push('dockerd');
    return s;
  });
  await progress.step(`Keeping pods on this machine (iptables chain for ${settings.podCidr})`, () =>
    ensureForwardGuard(settings.bridge, settings.podCidr),
  );
  let kubeletStartedAt = 0;
  const startIfDead = (name: (typeof COMPONENTS)[number]) => {
    if (runningPid(paths, name) !== undefined) return;
    if (name === 'kubelet') kubeletStartedAt = Date.now();
    startComponent(paths, componentSpec(name, paths, settings, socket));
    startedNames.push(name);
  };
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const exitedCheck = (names: readonly (typeof COMPONENTS)[number][]) => {
    for (const name of names)
      if (runningPid(paths, name) === undefined)
        throw new Error(`the ${name} exited; see ${path.join(paths.logs, `${name}.log`)}`);
    if (Date.now() > deadline) throw new Error(`the cluster was not ready after ${timeoutMs / 1000} s`);
  };

  await progress.step(`Starting the apiserver on ${server} (embedded store)`, async (update) => {
    startIfDead('apiserver');
    while (!(await healthy(server))) {
      exitedCheck(['apiserver']);
      update(`waiting for /healthz, ${Math.round((deadline - Date.now()) / 1000)}s left`);
      await sleep(250);
    }
  });
  writeKubeconfig(paths, server);
  await progress.step('Starting the controller-manager, scheduler and kubelet', async () => {
    for (const name of ['controller-manager', 'scheduler', 'kubelet'] as const) startIfDead(name);
  });
  await progress.step(`Waiting for node ${settings.nodeName} to be Ready`, async (update) => {
    for (;;) {
      const ready = await nodeReady(server, settings.nodeName, kubeletStartedAt);
      if (ready === 'True') return;
      exitedCheck(COMPONENTS);
      update(`${ready}, ${Math.round((deadline - Date.now()) / 1000)}s left`);
      await sleep(250);
    }
  });
  return result(false, startedNames);
}
