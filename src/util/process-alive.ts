// Whether a process runs, read from /proc: a process that has exited but whose parent has not reaped it yet (a
// zombie: here, a SIGKILLed daemon re-parented to an init that does not reap) counts as gone.
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
