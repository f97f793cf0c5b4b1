// IptablesProxier: the Proxier contract on iptables. Each sync renders the whole rule set, and when its text
// differs from what was last applied (or on a periodic resync, to put back what someone else deleted), swaps
// all of our chains in one `iptables-restore --noflush` call (other chains untouched), deletes chains of
// services that went away, makes sure the jumps from the built-in chains exist, and makes the service range
// local. Packets never pass through Node. After rules change, UDP flows that the kernel would keep sending to a
// removed endpoint are deleted from conntrack (stale-udp-flows.ts, conntrack.ts).
import type { Endpoints, Service } from '../../api/types';
import type { Logger } from '../../util';
import type { CommandRunner } from '../../util/command-runner';
import type { LocalServiceRoute } from '../local-route';
import type { Proxier, SyncOptions } from '../proxier';
import type { ChainNames } from './chain-names';
import { ensureJumps, removeJumps } from './jumps';
import { renderRules, restoreInput, deleteInput, type RenderOptions, type StaleChains } from './render-rules';
import { savedChains } from './saved-chains';
import { type ServicePortInfo, servicePorts } from '../service-ports';
import { flushUdpFlows } from './conntrack';
import { staleUdpFlows } from './stale-udp-flows';
import { ensureSysctls } from './sysctl';

export interface IptablesProxierConfig {
  readonly render: RenderOptions;
  readonly runner: CommandRunner;
  /** Made local after the rules are in place, so DNAT (PREROUTING/OUTPUT) still wins for served ports. */
  readonly localRoute?: Pick<LocalServiceRoute, 'ensure' | 'remove'>;
  readonly log: Logger;
}

export class IptablesProxier implements Proxier {
  /** The restore input (without deletions) last applied in full; undefined until then and after cleanup. */
  private applied: string | undefined;
  /** The service ports behind `applied`: what stale UDP flows are reckoned against. */
  private appliedPorts: readonly ServicePortInfo[] = [];
  /** Syncs and cleanups run one at a time, in call order. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: IptablesProxierConfig) {}

  private get names(): ChainNames {
    return this.config.render.names;
  }

  sync(services: readonly Service[], endpoints: readonly Endpoints[], options?: SyncOptions): Promise<void> {
    return this.serially(() => this.syncNow(services, endpoints, options?.resync ?? false));
  }

  /** Removes our chains, jumps and the local route. */
  cleanup(): Promise<void> {
    return this.serially(async () => {
      await this.removeRules();
      await this.config.localRoute?.remove();
    });
  }

  /**
   * Removes our chains and jumps only, leaving the service range's local route (the userspace mode uses the
   * same one): what the userspace proxy runs at start-up to clear an iptables-mode proxy's leftovers.
   */
  cleanupRules(): Promise<void> {
    return this.serially(() => this.removeRules());
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => {});
    return run;
  }

  private async syncNow(
    services: readonly Service[],
    endpoints: readonly Endpoints[],
    resync: boolean,
  ): Promise<void> {
    const { runner, log } = this.config;
    const ports = servicePorts(services, endpoints);
    const rules = renderRules(ports, this.config.render);
    const text = restoreInput(rules);
    const changed = text !== this.applied;
    if (!changed && !resync) return;
    const sysctlsSet = await ensureSysctls(runner, log);
    const existing = savedChains(await runner.run('iptables-save', []), this.names);
    const stale: StaleChains = {
      filter: existing.filter.filter((c) => !rules.filter.chains.includes(c)),
      nat: existing.nat.filter((c) => !rules.nat.chains.includes(c)),
    };
    await runner.run('iptables-restore', ['-w', '--noflush'], restoreInput(rules, stale));
    const jumpsAdded = await ensureJumps(runner, this.names);
    await this.config.localRoute?.ensure();
    this.applied = text;
    const before = this.appliedPorts;
    this.appliedPorts = ports;
    if (!changed) {
      // A resync re-applies the same rules: worth a line only when something had gone missing.
      if (jumpsAdded + sysctlsSet.length > 0)
        log.info(
          { jumpsAdded, sysctlsSet },
          'iptables resync put back jumps or settings removed by someone else',
        );
      return;
    }
    log.info(
      { ...rules.counts, chainsRemoved: stale.filter.length + stale.nat.length, jumpsAdded },
      `iptables rules updated: ${rules.counts.servicePorts} service ports, ${rules.counts.endpoints} endpoints, ${rules.counts.rules} rules`,
    );
    // Only once the new rules are in: a flow's next packet then takes them.
    const staleFlows = staleUdpFlows(before, ports);
    if (staleFlows.length > 0) await flushUdpFlows(runner, staleFlows, log);
  }

  private async removeRules(): Promise<void> {
    const { runner, log } = this.config;
    const jumpsRemoved = await removeJumps(runner, this.names);
    const existing = savedChains(await runner.run('iptables-save', []), this.names);
    const chains = existing.filter.length + existing.nat.length;
    if (chains > 0) await runner.run('iptables-restore', ['-w', '--noflush'], deleteInput(existing));
    this.applied = undefined;
    this.appliedPorts = [];
    if (chains + jumpsRemoved > 0)
      log.info({ chains, jumpsRemoved }, `iptables rules removed: ${chains} chains`);
  }
}
