// What a SIGKILLed dockerd leaves running — its containers, each under a containerd shim — ended before the
// next dockerd starts. Without live-restore the new daemon stops them anyway, but in its start-up, before it
// answers: it sends each its stop signal and waits out its stop timeout (10 s by default), and a pod whose
// PID 1 does not handle SIGTERM (`sleep`, a shell) cannot die of it, so every restart cost 10 s. Here each
// container's processes get that same signal, and the same timeout, only if they catch it; the rest get
// SIGKILL at once. The shims go too: the new containerd finds them dead and cleans up their tasks (runc
// delete, unmount), also tasks the killed daemon never recorded, whose shims nothing else would ever end.
// Everything is found by PID under OUR exec root only (./dockerd-shims).
import { readFileSync, readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { waitGone } from '../../util';
import { shimPids } from './dockerd-shims';

export interface StopSettings {
  signal: number;
  timeoutMs: number;
}

/** dockerd's defaults for a container that names neither. */
export const DEFAULT_STOP: StopSettings = { signal: constants.signals.SIGTERM, timeoutMs: 10_000 };

/** A signal as a container config names it: "SIGTERM", "TERM" or "15". */
export function signalNumber(name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  const upper = name.toUpperCase();
  const key = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as keyof typeof constants.signals;
  return constants.signals[key];
}

/** The container's stop signal and timeout (its config.v2.json in the data root), as dockerd would use them. */
export function stopSettings(dataRoot: string, id: string): StopSettings {
  try {
    const config = (
      JSON.parse(readFileSync(`${dataRoot}/containers/${id}/config.v2.json`, 'utf8')) as {
        Config?: { StopSignal?: string; StopTimeout?: number | null };
      }
    ).Config;
    const timeout = config?.StopTimeout;
    return {
      signal: signalNumber(config?.StopSignal) ?? DEFAULT_STOP.signal,
      timeoutMs: typeof timeout === 'number' && timeout >= 0 ? timeout * 1000 : DEFAULT_STOP.timeoutMs,
    };
  } catch {
    return DEFAULT_STOP; // a task dockerd never recorded (killed mid-create): nothing to honour
  }
}

/** Whether the process has a handler for the signal (SigCgt in /proc/<pid>/status). A container's PID 1 without
 * one never receives it: the kernel drops it, so waiting for it to act would only wait out the timeout. */
export function catches(status: string, signal: number): boolean {
  const hex = /^SigCgt:\s*([0-9a-f]+)/im.exec(status)?.[1];
  return !!hex && ((BigInt(`0x${hex}`) >> BigInt(signal - 1)) & 1n) === 1n;
}

interface Proc {
  pid: number;
  ppid: number;
  zombie: boolean;
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.push({ pid: Number(entry), ppid: Number(ppid), zombie: state === 'Z' });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function kill(pid: number, signal: number): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ended by itself meanwhile
  }
}

function shimId(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[argv.indexOf('-id') + 1] ?? '';
  } catch {
    return '';
  }
}

export interface Ended {
  /** Processes the shims ran (container inits, exec'd processes) that were ended. */
  containers: number;
  shims: number;
}

/**
 * Ends the given shims and what runs under them: each child of a shim gets its container's stop signal if it
 * handles it (and up to its stop timeout, all containers in parallel), else SIGKILL; then SIGKILL for what is
 * left and for the shims. `stop` says how to stop the task with that id.
 */
export async function endShims(
  shims: { pid: number; id: string }[],
  stop: (id: string) => StopSettings,
): Promise<Ended> {
  if (!shims.length) return { containers: 0, shims: 0 };
  const all = processes();
  const waits: Promise<number[]>[] = [];
  const ended: number[] = [];
  for (const shim of shims) {
    const children = all.filter((p) => p.ppid === shim.pid && !p.zombie).map((p) => p.pid);
    ended.push(...children);
    const { signal, timeoutMs } = stop(shim.id);
    const graceful: number[] = [];
    for (const pid of children) {
      let status = '';
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const handles = catches(status, signal);
      if (handles) graceful.push(pid);
      kill(pid, handles ? signal : constants.signals.SIGKILL);
    }
    waits.push(waitGone(graceful, timeoutMs));
  }
  for (const pid of (await Promise.all(waits)).flat()) kill(pid, constants.signals.SIGKILL);
  for (const shim of shims) kill(shim.pid, constants.signals.SIGKILL);
  // SIGKILL is not instant (a namespace's PID 1 takes its whole namespace down); the new daemon should find none.
  await waitGone([...ended, ...shims.map((s) => s.pid)], 5_000);
  return { containers: ended.length, shims: shims.length };
}

/** Ends every container and shim the containerd under `execRoot` left; only while no dockerd of ours runs. */
export function endOrphanedContainers(execRoot: string, dataRoot: string): Promise<Ended> {
  const shims = shimPids(execRoot).map((pid) => ({ pid, id: shimId(pid) }));
  return endShims(shims, (id) => stopSettings(dataRoot, id));
}
