// The proxy's iptables mode (kube-proxy's design): service traffic is DNATed by the kernel to an endpoint
// chosen in turn (or by client IP under session affinity), so data never passes through Node. This folder
// owns the pure rule generator (render-rules, from the shared service-ports model), the jumps from the built-in
// chains, and the proxier that applies the rules atomically and removes them on cleanup. Like the userspace
// mode it also makes the service range local (LocalServiceRoute), so an unserved cluster IP or port is
// refused by the node itself even where the node has no default route. Rules live in chains named
// `<prefix>-…` (default KUBE); tests use their own prefix and run inside their own network namespaces.
import { parseCidr, parseIPv4, type Logger } from '../../util';
import { type CommandRunner, hostRunner } from '../../util/command-runner';
import { LocalServiceRoute } from '../local-route';
import { chainNames, DEFAULT_CHAIN_PREFIX } from './chain-names';
import { IptablesProxier } from './iptables-proxier';

export interface IptablesProxierOptions {
  /** The pods' range (e.g. 10.244.0.0/16): clients outside it are masqueraded when they reach a service. */
  clusterCidr: string;
  /** The service range (e.g. 10.96.0.0/16): any of its addresses and ports that nothing serves is refused. */
  serviceCidr: string;
  /** This node's addresses on which node ports are served; empty → every local address. */
  nodeIps: string[];
  log: Logger;
  /** Prefix of every chain name, 1–8 upper-case letters or digits; default KUBE. */
  chainPrefix?: string;
  /** Runs ip, iptables, iptables-restore, iptables-save, cat, sysctl and conntrack; default: on this machine, in this netns. */
  runner?: CommandRunner;
}

/** Throws `invalid …` when a range, address or the prefix is malformed; touches nothing until the first sync. */
export function createIptablesProxier(options: IptablesProxierOptions): IptablesProxier {
  const cidr = (text: string, what: string) => {
    parseCidr(text, { what, exact: true });
    return text;
  };
  for (const ip of options.nodeIps) parseIPv4(ip);
  const runner = options.runner ?? hostRunner;
  const serviceCidr = cidr(options.serviceCidr, 'service CIDR');
  return new IptablesProxier({
    render: {
      clusterCidr: cidr(options.clusterCidr, 'cluster CIDR'),
      serviceCidr,
      nodeIps: [...options.nodeIps],
      names: chainNames(options.chainPrefix ?? DEFAULT_CHAIN_PREFIX),
    },
    runner,
    localRoute: new LocalServiceRoute(serviceCidr, runner),
    log: options.log,
  });
}

export { IptablesProxier, type IptablesProxierConfig } from './iptables-proxier';
export { chainNames, DEFAULT_CHAIN_PREFIX } from './chain-names';
export type { ChainNames } from './chain-names';
export { renderRules, restoreInput } from './render-rules';
export type { RuleSet, RenderOptions } from './render-rules';
