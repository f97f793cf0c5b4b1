// Component processes of a local cluster: started detached with a pid file and a log file, stopped by the
// PID we recorded (never by name), so `down` ends exactly what `up` started.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, type ClusterPaths } from './paths';

export interface ComponentSpec {
  name: string;
  args: string[];
}

function pidFile(paths: ClusterPaths, name: string): string {
  return path.join(paths.run, `${name}.pid`);
}

/** Alive and not a zombie: a killed component whose parent has not reaped it yet counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Whether pid is still the `k8ts <verb>` process we started (component names are their verbs) (a PID reused by another program is not). */
function isComponent(pid: number, verb: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(verb) && argv.some((a) => a.includes('k8ts') || a.endsWith('main.js'));
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
  const child = spawn(path.join(repoRoot, 'bin', 'k8ts'), spec.args, {
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
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid) && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 50));
  rmSync(pidFile(paths, name), { force: true });
  return true;
}
