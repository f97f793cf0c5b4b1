// What a one-node cluster's kubelet and proxy leave in the HOST's iptables (they run in the host network
// namespace there): the kubelet's hostPort chains and the iptables-mode proxy's chains and jumps. `down` removes
// them after stopping both, since a killed process cannot clean up after itself. With several nodes these live
// in the node namespaces and go with them.
import { removeHostPortChains, type CommandRunner } from '../kubelet/network';
import { chainNames, createIptablesProxier } from '../proxy/iptables';
import { componentLogger } from '../util';
import { hostPortChainOf } from './components';
import type { ClusterSettings } from './settings';

/** Removes both sets of rules; returns a word for each set that was there. Idempotent. */
export async function removeHostRules(
  s: Pick<ClusterSettings, 'podCidr' | 'serviceCidr' | 'bridge'>,
  runner: CommandRunner,
): Promise<string[]> {
  const removed: string[] = [];
  if (await removeHostPortChains(hostPortChainOf(s.bridge), runner)) removed.push('hostPort chains');
  // The proxy's default chain prefix (up never sets another), found as `:KUBE-SERVICES` in iptables-save.
  const names = chainNames();
  const saved = await runner.run('iptables-save', []);
  const proxyRules = saved
    .split('\n')
    .some((l) => names.owns(l.replace(/^:(\S+).*$/, '$1')) || l.endsWith(` -j ${names.services}`));
  if (proxyRules) {
    const log = componentLogger('down');
    log.level = 'silent'; // `down` reports in its own words
    const proxier = createIptablesProxier({
      clusterCidr: s.podCidr,
      serviceCidr: s.serviceCidr,
      nodeIps: [],
      log,
      runner,
    });
    await proxier.cleanupRules();
    removed.push('proxy iptables chains');
  }
  return removed;
}
