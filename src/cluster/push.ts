// `k8ts push` (the seed's kube-push.sh): puts the current build into the running cluster and restarts its
// components one at a time — the control plane first, then each node's proxy and kubelet — each through `up`,
// which starts what is dead and waits until the cluster is healthy and every node Ready before the next one goes.
// Pods keep running: a restarted kubelet adopts the containers it finds by their labels instead of replacing
// them. The store (etcd) and dockerd are not ours to rebuild and keep running. With --components-in-docker the
// first `up` rebuilds the component images from the current build, and each control-plane container is
// recreated from them in turn.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { clusterPaths, repoRoot } from './paths';
import { runningPid, stopComponent, verbOf } from './processes';
import { loadSettings } from './settings';
import { recordedComponents } from './status';
import { up } from './up';

export interface PushResult {
  /** Components restarted, in order. */
  restarted: string[];
  /** From stopping the apiserver until the cluster answered healthy again. */
  apiDownMs: number;
}

/** The bundle a restarted component runs is rebuilt by bin/k8ts when a source is newer; do it once, up front. */
function buildCurrent(): void {
  const r = spawnSync(path.join(repoRoot, 'bin', 'k8ts'), ['version'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`the current build does not run: ${(r.stderr || r.stdout).trim()}`);
}

const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;

export async function push(
  options: { home?: string; log?: (line: string) => void } = {},
): Promise<PushResult> {
  const paths = clusterPaths(options.home);
  if (!loadSettings(paths))
    throw new Error(`no cluster was brought up in ${paths.home}; run \`k8ts up\` first`);
  const recorded = recordedComponents(paths) ?? [];
  const dead = recorded.filter((name) => runningPid(paths, name) === undefined);
  if (dead.length)
    throw new Error(
      `${dead.join(', ')} ${dead.length > 1 ? 'are' : 'is'} not running; run \`k8ts up\` first`,
    );
  buildCurrent();
  const ours = recorded.filter((name) => verbOf(name) !== 'etcd');
  const order = [...ours.filter((n) => !/-\d+$/.test(n)), ...ours.filter((n) => /-\d+$/.test(n))];
  const restarted: string[] = [];
  let apiDownMs = 0;
  for (const name of order) {
    const stoppedAt = Date.now();
    await stopComponent(paths, name);
    await up({ home: options.home, skipInstall: true, out: quiet });
    if (name === 'apiserver') apiDownMs = Date.now() - stoppedAt;
    restarted.push(name);
    options.log?.(
      `restarted ${name} (pid ${runningPid(paths, name)}) in ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`,
    );
  }
  return { restarted, apiDownMs };
}
