// The network plugin's seam to `ip`/`nsenter`/`iptables-restore` is the shared CommandRunner of
// src/util/command-runner; this file adds only what is particular to reading `ip`'s errors, and keeps the
// kubelet's older name for the host runner working for its callers.
import { CommandError, hostRunner } from '../../util/command-runner';

export { CommandError, RecordingRunner, hostRunner, type CommandRunner } from '../../util/command-runner';

/** The kubelet's name for hostRunner: every command on this machine, in this process's network namespace. */
export const execRunner = hostRunner;

/** True when an `ip` failure only says the thing to delete is already gone. */
export function isNotFound(err: unknown): boolean {
  return err instanceof CommandError && /Cannot find device|does not exist|No such/i.test(err.stderr);
}
