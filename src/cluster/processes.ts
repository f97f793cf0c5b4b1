// Component processes of a local cluster: started detached with a pid file and a log file, stopped by the
// PID we recorded (never by name), so `down` ends exactly what `up` started. A node's component runs inside its
// network namespace through `ip netns exec`, which execs the command: the PID we record is the component's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, waitGone } from '../util';
import { repoRoot, type ClusterPaths } from './paths';

export interface ComponentSpec {
  /** The pid and log file name: the verb, with `-<i>` for node i's kubelet and proxy. */
  name: string;
  /** `k8ts` arguments, the verb first. */
  args: string[];
  /** Run inside this network namespace. */
  netns?: string;
  /** Another program (`etcd`) instead of `k8ts`; args are then all its own. */
  command?: string;
}

/** The `k8ts` verb a component name runs: `kubelet-2` runs `kubelet`. */
export const verbOf = (name: string): string => name.replace(/-\d+$/, '');

const K8TS_BIN = () => path.join(repoRoot, 'bin', 'k8ts');

export function pidFile(paths: ClusterPaths, name: string): string {
  return path.join(paths.run, `${name}.pid`);
}

export { isAlive };

/** Programs other than k8ts that a cluster runs, and how their processes are told apart. */
const EXTERNAL = new Set(['etcd']);

/** Whether pid is still the process we started — `k8ts <verb>` (component names are their verbs), or the
 * program of that name started with `--name <name>` — and not a PID reused by another program. */
function isComponent(pid: number, name: string): boolean {
  const verb = verbOf(name);
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    // A component reads as an empty command line for a moment in each execve (bin/k8ts: env → bash → node).
    // Seen as "not ours", `up` started a second copy (which died on the port) and lost the first one's PID.
    if (cmdline === '') return midExec(pid);
    const argv = cmdline.split('\0');
    if (EXTERNAL.has(verb))
      return (
        path.basename(argv[0] ?? '') === verb &&
        argv.includes('--name') &&
        argv[argv.indexOf('--name') + 1] === name
      );
    return argv.includes(verb) && argv.some((a) => a.includes('k8ts') || a.endsWith('main.js'));
  } catch {
    return false;
  }
}

/** An empty command line is a process between execve's new memory and its arguments — or a kernel thread
 * (PF_KTHREAD in /proc/<pid>/stat's flags), which a reused PID may be and which is never ours. */
export function midExec(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
    return (flags & 0x00200000) === 0;
  } catch {
    return false;
  }
}

/** The PID of a running component we started, or undefined (stale pid files are removed). */
export function runningPid(paths: ClusterPaths, name: string): number | undefined {
  const file = pidFile(paths, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isComponent(pid, name)) return pid;
  rmSync(file, { force: true });
  return undefined;
}

export function startComponent(paths: ClusterPaths, spec: ComponentSpec): number {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const log = openSync(path.join(paths.logs, `${spec.name}.log`), 'a');
  const program = spec.command ?? K8TS_BIN();
  const [cmd, args] = spec.netns
    ? ['ip', ['netns', 'exec', spec.netns, program, ...spec.args]]
    : [program, spec.args];
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, K8TS_COMPONENT: spec.name },
  });
  if (!child.pid) throw new Error(`could not start ${spec.name}`);
  child.unref();
  writeFileSync(pidFile(paths, spec.name), `${child.pid}\n`);
  return child.pid;
}

/** SIGTERM, then SIGKILL after graceMs; removes the pid file. Returns whether it was running. */
export async function stopComponent(paths: ClusterPaths, name: string, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(paths, name);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  if ((await waitGone([pid], graceMs)).length) process.kill(pid, 'SIGKILL');
  await waitGone([pid], 5000);
  rmSync(pidFile(paths, name), { force: true });
  return true;
}

/**
 * Processes of ours that lost their pid file (a crash between spawn and record, a stale-file clean-up racing a
 * start): every k8ts component is started with paths under the cluster's home in its arguments, so `down` also
 * ends — by PID — any process whose command line names that home and runs k8ts or etcd (dockerd is stopped
 * afterwards, once it has removed our containers).
 */
export function strayPids(paths: ClusterPaths): number[] {
  const home = `${path.resolve(paths.home)}/`;
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const e of entries) {
    const pid = Number(e);
    if (pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    // k8ts runs as node (bash and env on the way there), etcd as itself; dockerd and containerd are left alone.
    const exe = path.basename(argv[0] ?? '');
    if (!['node', 'bash', 'env', 'etcd'].includes(exe)) continue;
    const ours = exe === 'etcd' || argv.some((a) => a.includes('k8ts') || a.endsWith('main.js'));
    if (ours && argv.some((a) => a.includes(home)) && isAlive(pid)) found.push(pid);
  }
  return found;
}

/** SIGTERM, then SIGKILL after graceMs, for each of these PIDs. */
export async function stopPids(pids: number[], graceMs = 5_000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  for (const pid of await waitGone(pids, graceMs)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
