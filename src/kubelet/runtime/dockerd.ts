// startDockerd: k8ts' own Docker daemon (DESIGN.md §5 "Safety"): its own socket, data root, exec root, pid file
// and daemon.json, no bridge, no iptables, no masquerading — so it never touches a user's dockerd or the host's
// firewall. Its managed containerd lives under the exec root. Reused when one is already running for the same
// state dir; stopped by PID (SIGTERM, then SIGKILL), and its mounts are cleaned up afterwards. Started again
// after a crash, it first ends what the dead daemon left: its containerd, and its containers and their shims
// (./dockerd-orphans), which the new daemon would otherwise spend 10 s stopping before it answers.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isAlive as alive, waitGone } from '../../util';
import { endOrphanedContainers, type Ended } from './dockerd-orphans';

export interface DockerdOptions {
  /** State dir: data root, pid file, daemon.json and dockerd.log live here. */
  root: string;
  /** Unix socket path; default `<root>/docker.sock` (or under /run/k8ts when that is too long for a socket). */
  socket?: string;
  /** How long to wait for `/_ping`; default 30 s. */
  readyTimeoutMs?: number;
}

export interface DockerdHandle {
  socket: string;
  pid: number;
  /** True when this call found the daemon already running. */
  reused: boolean;
  /** SIGTERM, then SIGKILL after 15 s; unmounts what it left behind. Idempotent. */
  stop(): Promise<void>;
  /** What a killed daemon had left running that this start ended first (./dockerd-orphans); zeros if none. */
  orphans: Ended;
}

const MAX_SOCKET_PATH = 100; // sun_path is 108 bytes; containerd adds its own socket under the exec root

export interface DockerdPaths {
  root: string;
  socket: string;
  dataRoot: string;
  execRoot: string;
  pidFile: string;
  configFile: string;
  logFile: string;
}

/** Where everything of the daemon for `root` lives. The exec root is short and on /run (tmpfs), as dockerd wants. */
export function dockerdPaths(root: string, socket?: string): DockerdPaths {
  const abs = path.resolve(root);
  const short = `/run/k8ts/${createHash('sha256').update(abs).digest('hex').slice(0, 12)}`;
  const defaultSocket =
    `${abs}/docker.sock`.length <= MAX_SOCKET_PATH ? `${abs}/docker.sock` : `${short}.sock`;
  return {
    root: abs,
    socket: socket ?? defaultSocket,
    dataRoot: `${abs}/data`,
    execRoot: `${short}/exec`,
    pidFile: `${abs}/docker.pid`,
    configFile: `${abs}/daemon.json`,
    logFile: `${abs}/dockerd.log`,
  };
}

export function dockerdArgs(p: DockerdPaths): string[] {
  return [
    `--host=unix://${p.socket}`,
    `--data-root=${p.dataRoot}`,
    `--exec-root=${p.execRoot}`,
    `--pidfile=${p.pidFile}`,
    `--config-file=${p.configFile}`,
    '--bridge=none',
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    '--userland-proxy=false',
    '--log-opt=max-size=10m',
    '--log-opt=max-file=3',
  ];
}

export function ping(socket: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid in the pid file, if that process is a dockerd for this data root (guards against pid reuse). */
function runningPid(p: DockerdPaths): number | undefined {
  const pid = readPid(p.pidFile);
  if (!pid || !alive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(`--data-root=${p.dataRoot}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitExit(pid: number, ms: number): Promise<boolean> {
  return (await waitGone([pid], ms)).length === 0;
}

/** Unmounts (lazily, deepest first) anything still mounted under the daemon's directories. */
async function cleanMounts(p: DockerdPaths): Promise<void> {
  for (const m of mountsUnder(p)) await promisify(execFile)('umount', ['-l', m]).catch(() => undefined);
}

function mountsUnder(p: DockerdPaths): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && [p.dataRoot, p.execRoot].some((d) => m === d || m.startsWith(d + '/')))
    .sort((a, b) => b.length - a.length);
}

const containerdPidFile = (p: DockerdPaths) => `${p.execRoot}/containerd/containerd.pid`;

/** Ends (by PID) the containerd a SIGKILLed dockerd left running on our exec root, and forgets its pid file: a
 * new dockerd would otherwise try to reuse it, or a zombie of it, and time out waiting for containerd. */
async function endContainerd(p: DockerdPaths, pid = readPid(containerdPidFile(p))): Promise<void> {
  if (pid && alive(pid)) {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes(p.execRoot)) {
      process.kill(pid, 'SIGKILL');
      await waitExit(pid, 5_000);
    }
  }
  rmSync(containerdPidFile(p), { force: true });
}

const NONE: Ended = { containers: 0, shims: 0 };

function handle(p: DockerdPaths, pid: number, reused: boolean, orphans = NONE): DockerdHandle {
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    const containerdPid = readPid(containerdPidFile(p));
    if (alive(pid)) {
      process.kill(pid, 'SIGTERM');
      if (!(await waitExit(pid, 15_000))) {
        process.kill(pid, 'SIGKILL');
        await waitExit(pid, 5_000);
      }
    }
    // dockerd stops its containerd on SIGTERM; after a SIGKILL it cannot, so do it here.
    await endContainerd(p, containerdPid);
    // Shims orphaned by an earlier SIGKILL of the daemon (./dockerd-shims), and whatever they still run; the
    // daemon is gone, so none serves it.
    if (!alive(pid)) await endOrphanedContainers(p.execRoot, p.dataRoot);
    await cleanMounts(p);
    rmSync(p.socket, { force: true });
    // The exec root is runtime state only; delete it once nothing is mounted below it any more.
    if (!alive(pid) && mountsUnder(p).length === 0)
      rmSync(path.dirname(p.execRoot), { recursive: true, force: true });
  };
  return { socket: p.socket, pid, reused, orphans, stop: () => (stopping ??= stop()) };
}

export async function startDockerd(options: DockerdOptions): Promise<DockerdHandle> {
  const p = dockerdPaths(options.root, options.socket);
  const existing = runningPid(p);
  if (existing) {
    const socket = readFileSync(`/proc/${existing}/cmdline`, 'utf8')
      .split('\0')
      .find((a) => a.startsWith('--host=unix://'))
      ?.slice('--host=unix://'.length);
    if (socket && (await ping(socket))) return handle({ ...p, socket }, existing, true);
  }
  // A pid file naming no live dockerd of this root is stale: a SIGKILLed daemon (maybe a zombie nobody reaped,
  // which dockerd's own check takes for a running one) or a reused PID. Left there, it stops dockerd starting.
  // That daemon's containers still run; the new one would spend its start-up stopping them, so end them first.
  let orphans = NONE;
  if (!existing) {
    rmSync(p.pidFile, { force: true });
    await endContainerd(p);
    orphans = await endOrphanedContainers(p.execRoot, p.dataRoot);
  }
  if (p.socket.length > MAX_SOCKET_PATH) throw new Error(`docker socket path too long: ${p.socket}`);
  for (const dir of [p.root, p.dataRoot, p.execRoot, path.dirname(p.socket)])
    mkdirSync(dir, { recursive: true });
  writeFileSync(p.configFile, '{}\n'); // an empty config, so /etc/docker/daemon.json never applies
  rmSync(p.socket, { force: true });
  const log = openSync(p.logFile, 'a');
  const child = spawn('dockerd', dockerdArgs(p), { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.unref();
  const h = handle(p, child.pid ?? -1, false, orphans);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    const failed = await Promise.race([spawnError, sleep(100).then(() => undefined)]);
    if (failed) throw new Error(`cannot start dockerd: ${failed.message}`);
    if (await ping(p.socket)) return h;
    if (child.exitCode !== null || Date.now() > deadline) {
      const why =
        child.exitCode !== null ? `exited with code ${child.exitCode}` : 'did not answer /_ping in time';
      await h.stop();
      const tail = readFileSync(p.logFile, 'utf8').split('\n').slice(-10).join('\n');
      throw new Error(`dockerd ${why}; see ${p.logFile}:\n${tail}`);
    }
  }
}
