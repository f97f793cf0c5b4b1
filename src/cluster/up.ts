// `k8ts up`: installs what is missing, starts the local cluster's components (today: the apiserver on the
// embedded store), waits for /healthz, writes $K8TS_HOME/kubeconfig and says how to use kubectl.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clusterPaths, repoRoot, type ClusterPaths } from './paths';
import { runningPid, startComponent } from './processes';
import { Progress } from './progress';

export interface UpOptions {
  home?: string;
  /** Plain-HTTP port of the apiserver on 127.0.0.1. */
  port: number;
  skipInstall?: boolean;
  readyTimeoutMs?: number;
}

export interface UpResult {
  alreadyRunning: boolean;
  server: string;
  kubeconfig: string;
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

export async function up(options: UpOptions): Promise<UpResult> {
  const paths = clusterPaths(options.home);
  const server = `http://127.0.0.1:${options.port}`;
  if (runningPid(paths, 'apiserver') !== undefined && (await healthy(server))) {
    return { alreadyRunning: true, server, kubeconfig: paths.kubeconfig };
  }
  const progress = new Progress(process.stderr, options.skipInstall ? 2 : 3);
  if (!options.skipInstall) {
    await progress.step('Installing what is missing (Debian packages, npm dependencies)', () =>
      run('bash', [path.join(repoRoot, 'scripts', 'install-deps.sh')]),
    );
  }
  await progress.step('Starting the apiserver on the embedded store', async () => {
    mkdirSync(paths.data, { recursive: true });
    startComponent(paths, {
      name: 'apiserver',
      args: [
        'apiserver',
        '--store',
        'sqlite',
        '--data-dir',
        paths.data,
        '--insecure-port',
        String(options.port),
      ],
    });
  });
  await progress.step(`Waiting for ${server}/healthz`, async (update) => {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    while (!(await healthy(server))) {
      if (runningPid(paths, 'apiserver') === undefined) {
        throw new Error(`the apiserver exited; see ${path.join(paths.logs, 'apiserver.log')}`);
      }
      if (Date.now() > deadline) throw new Error(`not healthy after ${options.readyTimeoutMs ?? 60_000} ms`);
      update(`${Math.round((deadline - Date.now()) / 1000)}s left`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  writeKubeconfig(paths, server);
  return { alreadyRunning: false, server, kubeconfig: paths.kubeconfig };
}
