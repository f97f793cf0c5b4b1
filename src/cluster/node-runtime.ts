// The node's container side of a local cluster: our own dockerd under $K8TS_HOME/docker (its own socket, data
// root, no bridge/iptables/masquerade — see startDockerd), the local images, and on `down` the removal of our
// containers (by the managed label, on OUR daemon only), the daemon itself by PID, and the bridge with its veths.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { ensureImages } from '../kubelet/images';
import { execRunner, linkExists, teardownBridge, type CommandRunner } from '../kubelet/network';
import { LABEL_MANAGED, dockerdPaths, pingDockerd, startDockerd } from '../kubelet/runtime';
import type { ClusterPaths } from './paths';
import { isAlive } from './processes';

export const dockerRoot = (paths: ClusterPaths): string => path.join(paths.home, 'docker');

/** PID of our dockerd when it runs (checked against its command line, so a reused PID is not mistaken for it). */
export function dockerdPid(paths: ClusterPaths): number | undefined {
  const p = dockerdPaths(dockerRoot(paths));
  try {
    const pid = Number(readFileSync(p.pidFile, 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(`--data-root=${p.dataRoot}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts (or reuses) our dockerd and builds the images pods use; returns the daemon's socket. */
export async function startNodeRuntime(
  paths: ClusterPaths,
  progress: (detail: string) => void,
): Promise<string> {
  const dockerd = await startDockerd({ root: dockerRoot(paths) });
  const docker = new Docker({ socketPath: dockerd.socket });
  await ensureImages(docker, { progress });
  return dockerd.socket;
}

/** Removes our containers, then stops our dockerd by PID and unmounts what it left. Returns whether it ran. */
export async function stopNodeRuntime(paths: ClusterPaths): Promise<boolean> {
  const pid = dockerdPid(paths);
  if (pid === undefined) return false;
  const socket = dockerdPaths(dockerRoot(paths)).socket;
  if (!(await pingDockerd(socket))) {
    // A hung daemon: end it by PID, then bring up a fresh one below, which cleans up its containers on start.
    await killAndWait(pid);
  }
  // startDockerd finds the running daemon (or starts one) and hands back its handle, whose stop() knows the
  // whole procedure (SIGTERM, SIGKILL, its containerd, the mounts).
  const handle = await startDockerd({ root: dockerRoot(paths), readyTimeoutMs: 15_000 });
  try {
    const docker = new Docker({ socketPath: handle.socket });
    const ours = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
    await Promise.all(ours.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  } finally {
    await handle.stop();
  }
  return true;
}

async function killAndWait(pid: number): Promise<void> {
  const gone = async (ms: number) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100))
      if (!isAlive(pid)) return true;
    return false;
  };
  process.kill(pid, 'SIGTERM');
  if (await gone(10_000)) return;
  process.kill(pid, 'SIGKILL');
  await gone(5_000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deletes the veths still enslaved to the bridge (a pod whose netns outlived its container), then the bridge. */
export async function teardownNodeNetwork(
  bridge: string,
  runner: CommandRunner = execRunner,
): Promise<boolean> {
  if (!(await linkExists(bridge, runner))) return false;
  const out = await runner.run('ip', ['-o', 'link', 'show', 'master', bridge]);
  for (const line of out.split('\n')) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name) await runner.run('ip', ['link', 'del', name]).catch(() => undefined);
  }
  await teardownBridge(bridge, runner);
  return true;
}
