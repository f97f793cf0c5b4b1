// The apiserver under test as its own process (`k8ts apiserver`, run by node + tsx like bin/k8ts does), so
// the load generator's CPU is not the server's and the RSS read from /proc is the server's alone. Started on
// a free loopback port, stopped by its PID. With K8TS_BENCH_CPU_PROF=<dir> it runs under `node --cpu-prof`
// and writes a .cpuprofile there when it exits (summarise with bench/apiserver/cpu-profile.ts); with
// K8TS_BENCH_REPO=<checkout> the servers run from that checkout instead (before/after figures); with
// K8TS_BENCH_PROBE=<dir> they record event-loop stalls and GC pauses there (./loop-probe); K8TS_BENCH_NODE_ARGS
// adds node flags to the servers only (e.g. `--max-semi-space-size=32`, for GC experiments).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/etcd';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type StoreKind = 'sqlite' | 'etcd';

export interface ServerProcess {
  url: string;
  pid: number;
  /** The server's resident set now and at its peak (VmRSS, VmHWM), in MB. */
  memory(): { rssMb: number; peakMb: number };
  /** CPU time the server has used so far (user + system), in ms: a figure that holds on a shared machine. */
  cpuMs(): number;
  /** SIGTERM (the server drains and exits), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  store: StoreKind;
  dataDir?: string;
  etcdServers?: string[];
  /** Another checkout to run the server from (a baseline, for before/after figures); default this one. */
  repo?: string;
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitHealthy(url: string, exited: () => boolean, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error(`apiserver exited before serving:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      if (Date.now() > deadline) throw new Error(`apiserver at ${url} not healthy after 60 s:\n${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServerProcess(o: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const profDir = process.env.K8TS_BENCH_CPU_PROF;
  // K8TS_BENCH_REPO=<checkout>: run every server from another tree (a baseline) with this tree's benchmark.
  const root = o.repo ?? process.env.K8TS_BENCH_REPO ?? repo;
  const probe = process.env.K8TS_BENCH_PROBE;
  const args = [
    ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profDir)] : []),
    ...(process.env.K8TS_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    path.join(root, 'node_modules/tsx/dist/loader.mjs'),
    // Always this tree's probe: a baseline checkout is measured the same way.
    ...(probe ? ['--import', path.join(repo, 'bench/apiserver/loop-probe.ts')] : []),
    path.join(root, 'src/cli/main.ts'),
    'apiserver',
    '--store',
    o.store,
    '--insecure-port',
    String(port),
    ...(o.dataDir ? ['--data-dir', o.dataDir] : []),
    ...(o.etcdServers ? ['--etcd-servers', o.etcdServers.join(',')] : []),
  ];
  // stdout carries the server's request log: discarded, so an unread pipe can never stall the server.
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (hasExited()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(url, hasExited, () => stderr);
  } catch (e) {
    await stop();
    throw e;
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    memory: () => ({ rssMb: statusField(pid, 'VmRSS'), peakMb: statusField(pid, 'VmHWM') }),
    cpuMs: () => cpuMs(pid),
    stop,
  };
}
