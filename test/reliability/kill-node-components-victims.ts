// The victims of the kill-node-components campaign and how each is found by PID in a running local cluster:
// the k8ts components by their pid files under $K8TS_HOME/run (what `up` and `down` use), our dockerd by its
// own pid file, and a pod's app container by its main process (`docker inspect` State.Pid). Also the PIDs of
// everything `up` restarts, so the campaign can tell which components a second `up` started again, and what of
// a cluster is still running after `down` (its processes, our dockerd's containerd shims).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerdPaths } from '../../src/kubelet/runtime/dockerd';
import { shimPids } from '../../src/kubelet/runtime/dockerd-shims';
import { alive } from '../support/local-cluster';

export const NODE_VICTIMS = [
  'kubelet',
  'scheduler',
  'controller-manager',
  'proxy',
  'dockerd',
  'container',
] as const;
export type NodeVictim = (typeof NODE_VICTIMS)[number];

/** The one-node cluster's processes that `up` starts again when they are dead (dns too, when built). */
export const RESTARTABLE = [
  'apiserver',
  'controller-manager',
  'scheduler',
  'dns',
  'kubelet',
  'proxy',
  'dockerd',
];

/** Our dockerd's state dir under the cluster home (src/cluster/node-runtime's nodeDockerRoot for one node). */
export const dockerRootOf = (home: string) => path.join(home, 'docker');
export const dockerSocketOf = (home: string) => dockerdPaths(dockerRootOf(home)).socket;

function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The PID of each process `up` would restart, as its pid file says now (missing: not running). */
export function componentPids(home: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const name of RESTARTABLE) {
    const file =
      name === 'dockerd' ? dockerdPaths(dockerRootOf(home)).pidFile : path.join(home, 'run', `${name}.pid`);
    const pid = pidIn(file);
    if (pid !== undefined) pids.set(name, pid);
  }
  return pids;
}

/** Names whose PID differs between two snapshots (restarted, or started where none ran). */
export function restartedBetween(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([name, pid]) => before.get(name) !== pid).map(([name]) => name);
}

/** The host PID of a running container's main process. */
export async function containerMainPid(docker: Docker, id: string): Promise<number> {
  const info = await docker.getContainer(id).inspect();
  if (!info.State.Running || !info.State.Pid) throw new Error(`container ${id} is not running`);
  return info.State.Pid;
}

/** SIGKILL, then wait (bounded) until the process is gone or a zombie. */
export async function sigkill(pid: number, what: string): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (const deadline = Date.now() + 10_000; alive(pid); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error(`${what} (PID ${pid}) still alive 10 s after SIGKILL`);
}

/**
 * Processes still running for the cluster at `home`: any whose command line names the home or our dockerd's
 * runtime dir (/run/k8ts/<hash>: its containerd and shims). Read before `down`, compare after: must be none.
 */
export function processesOf(home: string): string[] {
  const marks = [`${path.resolve(home)}/`, `${path.dirname(dockerdPaths(dockerRootOf(home)).execRoot)}/`];
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => marks.some((m) => a.includes(m))) && alive(Number(entry)))
        found.push(`${entry} ${argv.join(' ').slice(0, 160)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Container ids the live containerd shims of our dockerd serve (a shim whose id runs no container is orphaned). */
export function shimContainerIds(home: string): string[] {
  const execRoot = dockerdPaths(dockerRootOf(home)).execRoot;
  return shimPids(execRoot).flatMap((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return [argv[argv.indexOf('-id') + 1] ?? ''];
    } catch {
      return [];
    }
  });
}
