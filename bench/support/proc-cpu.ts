// CPU time as Linux accounts it, for benchmarks that must show where a ceiling comes from: the whole machine's
// busy time (/proc/stat, all cores), one process's own (/proc/<pid>/stat, all threads) and a process tree's
// (the process and its living descendants: a helper whose work runs in a child). Read from outside, so Node
// and non-Node processes are measured alike, and the kernel's work that no process is charged with (softirqs,
// ksoftirqd) still shows in the machine's figure. Reading takes microseconds, outside any timed loop. Ticks are
// USER_HZ (100 on every kernel we run on), so a figure is good to about 10 ms.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICK_MS = 10;

export interface CpuTimes {
  userMs: number;
  systemMs: number;
}

export interface MachineCpu {
  /** Busy time summed over all cores: user, nice, system, irq, softirq. */
  busyMs: number;
  /** Time the hypervisor ran something else while a core wanted to run (steal); neither busy nor idle. */
  stealMs: number;
  /** Wall time summed over all cores. */
  totalMs: number;
}

export function machineCpu(stat = readFileSync('/proc/stat', 'utf8')): MachineCpu {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no "cpu" line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((v) => Number(v) * TICK_MS);
  const busyMs = user + nice + system + irq + softirq;
  return { busyMs, stealMs: steal, totalMs: busyMs + idle + iowait + steal };
}

/** utime and stime of one process (fields 14 and 15; the command name in parentheses may hold spaces). */
export function processCpu(stat: string): CpuTimes {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { userMs: Number(fields[11]) * TICK_MS, systemMs: Number(fields[12]) * TICK_MS };
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, every thread) a process has used so far, ms, its children not included; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  const stat = readStat(pid);
  if (stat === undefined) return 0;
  const { userMs, systemMs } = processCpu(stat);
  return userMs + systemMs;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The tree's CPU so far; a process that has gone is left out (its time is then lost, not double-counted). */
export function treeCpu(pid: number): CpuTimes {
  const stat = readStat(pid);
  if (stat === undefined) return { userMs: 0, systemMs: 0 };
  const total = processCpu(stat);
  for (const child of childrenOf(pid)) {
    const c = treeCpu(child);
    total.userMs += c.userMs;
    total.systemMs += c.systemMs;
  }
  return total;
}

/** PIDs of the processes named `command` (their /proc comm) with `arg` among their arguments: an etcd by its
 *  client URL, say (the apiserver that was given the same URL is not an etcd). */
export function pidsOf(command: string, arg: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== command) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(arg)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU ms used during measured slices: per named process, and by the whole machine. */
export interface CpuTally {
  byProcess: Record<string, number>;
  machine: number;
}

export const emptyTally = (names: string[]): CpuTally => ({
  byProcess: Object.fromEntries(names.map((n) => [n, 0])),
  machine: 0,
});

/** Adds up, over measured slices, the CPU of named processes (their own, not their children's) and the machine's. */
export class CpuMeter {
  /** @param processes display name → PIDs whose CPU counts under that name */
  constructor(private readonly processes: Record<string, number[]>) {}

  get names(): string[] {
    return Object.keys(this.processes);
  }

  /** Runs f and adds the CPU used meanwhile to tally. */
  async measure<T>(tally: CpuTally, f: () => Promise<T>): Promise<T> {
    const before = this.read();
    const result = await f();
    const after = this.read();
    tally.machine += after.machine - before.machine;
    for (const name of this.names)
      tally.byProcess[name] = (tally.byProcess[name] ?? 0) + after.byProcess[name]! - before.byProcess[name]!;
    return result;
  }

  private read(): CpuTally {
    const byProcess: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.processes))
      byProcess[name] = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    return { byProcess, machine: machineCpu().busyMs };
  }
}

/** CPUs this host has: the ceiling of every CPU budget. */
export const hostCores = () => cpus().length;
