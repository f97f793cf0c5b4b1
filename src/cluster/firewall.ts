// The cluster's own iptables chain: pods must have no route off the machine even when the host forwards
// (ip_forward=1), so forwarding from the cluster's ranges out of any interface but our bridge is dropped (one
// node: the pod range and cbr0; several: the cluster and node networks and the host bridge). The chain is ours
// alone, one per bridge, and jumped to from FORWARD; `down` removes the jump and the chain. Idempotent.
import { execRunner, type CommandRunner } from '../kubelet/network';

/** `K8TS-FORWARD` for the production bridge; a chain of its own for any other bridge, so a test cluster never
 * touches the rules of a real one. iptables chain names are at most 28 characters. */
export function chainName(bridge: string): string {
  return bridge === 'cbr0' ? 'K8TS-FORWARD' : `K8TS-FWD-${bridge}`.slice(0, 28);
}

function ruleArgs(bridge: string, cidr: string): string[] {
  return [
    '-s',
    cidr,
    '!',
    '-o',
    bridge,
    '-m',
    'comment',
    '--comment',
    'k8ts: pods stay on this machine',
    '-j',
    'DROP',
  ];
}

const jump = (chain: string) => ['FORWARD', '-j', chain];

async function succeeds(runner: CommandRunner, args: string[]): Promise<boolean> {
  return runner.run('iptables', ['-w', ...args]).then(
    () => true,
    () => false,
  );
}

export async function ensureForwardGuard(
  bridge: string,
  cidrs: string | readonly string[],
  runner: CommandRunner = execRunner,
): Promise<void> {
  const chain = chainName(bridge);
  if (!(await succeeds(runner, ['-L', chain, '-n']))) await runner.run('iptables', ['-w', '-N', chain]);
  // Rebuilt from scratch so a changed range never leaves an old rule behind.
  await runner.run('iptables', ['-w', '-F', chain]);
  for (const cidr of typeof cidrs === 'string' ? [cidrs] : cidrs)
    await runner.run('iptables', ['-w', '-A', chain, ...ruleArgs(bridge, cidr)]);
  // First in FORWARD, so no ACCEPT of someone else's comes before it.
  if (!(await succeeds(runner, ['-C', ...jump(chain)])))
    await runner.run('iptables', ['-w', '-I', 'FORWARD', '1', '-j', chain]);
}

/** Removes every jump to the chain, then the chain. A no-op when it is not there. */
export async function removeForwardGuard(
  bridge: string,
  runner: CommandRunner = execRunner,
): Promise<boolean> {
  const chain = chainName(bridge);
  let removed = false;
  while (await succeeds(runner, ['-D', ...jump(chain)])) removed = true;
  if (await succeeds(runner, ['-L', chain, '-n'])) {
    await runner.run('iptables', ['-w', '-F', chain]);
    await runner.run('iptables', ['-w', '-X', chain]);
    removed = true;
  }
  return removed;
}
