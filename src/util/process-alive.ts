// Whether a process runs, read from /proc: a process that has exited but whose parent has not reaped it yet (a
// zombie: here, a SIGKILLed daemon re-parented to an init that does not reap) counts as gone. And waiting for
// processes to be gone, as every stop (SIGTERM, a grace period, SIGKILL) does.
import { readFileSync } from 'node:fs';

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits up to ms for the processes to be gone; returns the PIDs still alive then (none: all gone). */
export async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(isAlive);
    if (!left.length || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
