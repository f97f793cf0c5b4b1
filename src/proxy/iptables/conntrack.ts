// Deletes stale UDP flows (stale-udp-flows.ts decides which) with the `conntrack` tool from Debian's conntrack
// package. Never fails a sync: the rules are already in place, and a flow left behind only lasts until its entry
// expires — so a missing tool or a failed delete is logged, with what to do, and the sync goes on.
import type { Logger } from '../../util';
import type { CommandRunner } from '../../util/command-runner';
import { conntrackArgs, type UdpFlowFilter } from './stale-udp-flows';

/** conntrack exits 1 with this on stderr when no entry matched: nothing was stale, which is fine. */
const NOTHING_MATCHED = /\b0 flow entries have been deleted/;
/** How a missing binary shows: spawn's ENOENT here, `ip netns exec`'s message inside a namespace. */
const MISSING_TOOL = /ENOENT|No such file or directory|not found/;

const describe = (f: UdpFlowFilter) =>
  `${f.origDst ?? '*'}:${f.dport}/UDP${f.dstNat === undefined ? '' : ` → ${f.dstNat}`}`;

/**
 * Runs one `conntrack -D` per filter, in order. Resolves with how many filters were applied; logs and stops at
 * the first sign that the tool is missing, logs and carries on after any other failure.
 */
export async function flushUdpFlows(
  runner: CommandRunner,
  flows: readonly UdpFlowFilter[],
  log: Logger,
): Promise<number> {
  const done: string[] = [];
  for (const [i, f] of flows.entries()) {
    try {
      await runner.run('conntrack', conntrackArgs(f));
    } catch (err) {
      const message = (err as Error).message;
      if (NOTHING_MATCHED.test(message)) {
        done.push(describe(f));
        continue;
      }
      if (MISSING_TOOL.test(message)) {
        log.warn(
          { flows: flows.slice(i).map(describe) },
          'could not delete stale UDP conntrack entries: the conntrack tool is not installed (apt-get install conntrack); UDP clients may keep reaching removed endpoints until their entries expire',
        );
        return done.length;
      }
      log.warn({ flow: describe(f), err: message }, 'could not delete stale UDP conntrack entries');
      continue;
    }
    done.push(describe(f));
  }
  if (done.length > 0) log.info({ flows: done }, 'deleted stale UDP conntrack entries');
  return done.length;
}
