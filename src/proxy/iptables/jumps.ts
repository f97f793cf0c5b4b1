// The rules that lead from the built-in chains into ours. They live in chains other tools share, so they are
// added one at a time and only when missing (`-C` before `-I`), and removed by exact match; a restore input
// never names a built-in chain.
import type { ChainNames } from './chain-names';
import type { CommandRunner } from '../../util/command-runner';

export interface Jump {
  readonly table: 'filter' | 'nat';
  readonly chain: string;
  /** The rule after the chain name, as iptables arguments. */
  readonly spec: readonly string[];
}

const PORTALS = ['-m', 'comment', '--comment', 'k8ts service portals'];

export function jumps(names: ChainNames): Jump[] {
  const toServices = [...PORTALS, '-j', names.services];
  // Only new connections need the filter verdicts; established ones were already DNATed or refused.
  const newToServices = ['-m', 'conntrack', '--ctstate', 'NEW', ...toServices];
  return [
    { table: 'nat', chain: 'PREROUTING', spec: toServices },
    { table: 'nat', chain: 'OUTPUT', spec: toServices },
    {
      table: 'nat',
      chain: 'POSTROUTING',
      spec: ['-m', 'comment', '--comment', 'k8ts postrouting rules', '-j', names.postrouting],
    },
    { table: 'filter', chain: 'INPUT', spec: newToServices },
    { table: 'filter', chain: 'FORWARD', spec: newToServices },
    { table: 'filter', chain: 'OUTPUT', spec: newToServices },
  ];
}

/** True when the jump is in place. A failed check (rule or target chain missing) counts as absent. */
async function exists(runner: CommandRunner, j: Jump): Promise<boolean> {
  try {
    await runner.run('iptables', ['-w', '-t', j.table, '-C', j.chain, ...j.spec]);
    return true;
  } catch {
    return false;
  }
}

/** Inserts each missing jump at the head of its built-in chain; returns how many it added. Idempotent. */
export async function ensureJumps(runner: CommandRunner, names: ChainNames): Promise<number> {
  let added = 0;
  for (const j of jumps(names)) {
    if (await exists(runner, j)) continue;
    await runner.run('iptables', ['-w', '-t', j.table, '-I', j.chain, ...j.spec]);
    added++;
  }
  return added;
}

/** Deletes every copy of each jump; returns how many it removed. Idempotent. */
export async function removeJumps(runner: CommandRunner, names: ChainNames): Promise<number> {
  let removed = 0;
  for (const j of jumps(names)) {
    while (await exists(runner, j)) {
      await runner.run('iptables', ['-w', '-t', j.table, '-D', j.chain, ...j.spec]);
      removed++;
    }
  }
  return removed;
}
