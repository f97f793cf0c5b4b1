// The containerd shims of our dockerd. A shim is started per container and outlives its containerd by design;
// normally the daemon's containerd ends each one when its task is deleted. But when dockerd is SIGKILLed while
// it is starting containers, the shims of those half-started tasks are orphaned: the next dockerd's new
// containerd never learns of them, so they stay forever (seen in the kill-node-components campaign: four shims
// left after `down --purge`, and more with every crash). Starting our daemon after a crash, and stopping it,
// therefore also end (./dockerd-orphans), by PID, every shim that talks to a containerd socket under OUR exec
// root — never anyone else's.
import { readFileSync, readdirSync } from 'node:fs';

/** Whether this command line is a containerd shim of the containerd under `execRoot`. */
export function isShimOf(argv: string[], execRoot: string): boolean {
  const exe = argv[0]?.split('/').pop() ?? '';
  if (!exe.startsWith('containerd-shim')) return false;
  const address = argv[argv.indexOf('-address') + 1];
  return argv.includes('-address') && !!address && address.startsWith(`${execRoot}/`);
}

/** PIDs of the live shims of the containerd under `execRoot`. */
export function shimPids(execRoot: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (isShimOf(argv, execRoot)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
