// The nodes' container side of a local cluster: our own dockerd (its own socket, data root, no
// bridge/iptables/masquerade — see startDockerd), the local images, and on `down` the removal of our containers
// (by the managed label, on OUR daemons only), the daemons themselves by PID, and the one-node bridge with its
// veths. One daemon at $K8TS_HOME/docker serves every node (DESIGN.md §5): each kubelet labels its containers
// with its node name and sees only those. `down` also stops the per-node daemons under
// $K8TS_HOME/nodes/<i>/docker that clusters made before that still have.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { ensureImages } from '../kubelet/images';
import { execRunner, linkExists, teardownBridge, type CommandRunner } from '../kubelet/network';
import { LABEL_MANAGED, dockerdPaths, pingDockerd, startDockerd } from '../kubelet/runtime';
import type { ClusterPaths } from './paths';
import { waitGone } from '../util';

/** The daemon state dir of node i (1-based), or of the one node (0). */
export const nodeDockerRoot = (paths: ClusterPaths, node = 0): string =>
  node ? path.join(paths.home, 'nodes', String(node), 'docker') : path.join(paths.home, 'docker');

export interface DockerdSlot {
  /** `dockerd`, or `dockerd-<i>` for node i. */
  name: string;
  root: string;
}

export const dockerdSlot = (paths: ClusterPaths, node = 0): DockerdSlot => ({
  name: node ? `dockerd-${node}` : 'dockerd',
  root: nodeDockerRoot(paths, node),
});

/** Every daemon state dir under this home, whatever the settings say now (for `down` after a half-made `up`). */
export function dockerdSlotsOnDisk(paths: ClusterPaths): DockerdSlot[] {
  const nodesDir = path.join(paths.home, 'nodes');
  const nodes = existsSync(nodesDir) ? readdirSync(nodesDir).filter((d) => /^\d+$/.test(d)) : [];
  return [
    dockerdSlot(paths),
    ...nodes
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => dockerdSlot(paths, i)),
  ];
}

/** PID of our dockerd when it runs (checked against its command line, so a reused PID is not mistaken for it). */
export function dockerdPid(root: string): number | undefined {
  const p = dockerdPaths(root);
  try {
    const pid = Number(readFileSync(p.pidFile, 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(`--data-root=${p.dataRoot}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts (or reuses) the dockerd under root and builds the images pods use; returns the daemon's socket. */
export async function startNodeRuntime(root: string, progress: (detail: string) => void): Promise<string> {
  const dockerd = await startDockerd({ root });
  const { containers, shims } = dockerd.orphans;
  if (shims) progress(`ended ${containers} processes under ${shims} shims of the daemon that died`);
  const docker = new Docker({ socketPath: dockerd.socket });
  await ensureImages(docker, { progress });
  return dockerd.socket;
}

/** Removes our containers, then stops our dockerd by PID and unmounts what it left. Returns whether it ran. */
export async function stopNodeRuntime(root: string): Promise<boolean> {
  const pid = dockerdPid(root);
  if (pid === undefined) return false;
  const socket = dockerdPaths(root).socket;
  if (!(await pingDockerd(socket))) {
    // A hung daemon: end it by PID, then bring up a fresh one below, which cleans up its containers on start.
    await killAndWait(pid);
  }
  // startDockerd finds the running daemon (or starts one) and hands back its handle, whose stop() knows the
  // whole procedure (SIGTERM, SIGKILL, its containerd, the mounts).
  const handle = await startDockerd({ root, readyTimeoutMs: 15_000 });
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
  process.kill(pid, 'SIGTERM');
  if (!(await waitGone([pid], 10_000)).length) return;
  process.kill(pid, 'SIGKILL');
  await waitGone([pid], 5_000);
}

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
