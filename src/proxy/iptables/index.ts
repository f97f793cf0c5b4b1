// The proxy's iptables mode (kube-proxy's design): service traffic is DNATed by the kernel to an endpoint
// chosen at random (or by client IP under session affinity), so data never passes through Node. This folder
// owns the pure rule generator (service-ports → render-rules), the seam to the iptables binaries (runner), and
// the proxier that applies the rules atomically and removes them on cleanup. Rules live in chains named
// `<prefix>-…` (default KUBE); tests use their own prefix and run inside their own network namespaces.
import { parseCidr, parseIPv4, type Logger } from '../../util';
import type { Proxier } from '../proxier';
import { chainNames, DEFAULT_CHAIN_PREFIX } from './chain-names';
import { IptablesProxier } from './iptables-proxier';
import { execRunner, type IptablesRunner } from './runner';

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
  /** Runs iptables, iptables-restore, iptables-save, cat and sysctl; default: on this machine, in this netns. */
  runner?: IptablesRunner;
}

/** Throws `invalid …` when a range, address or the prefix is malformed; touches nothing until the first sync. */
export function createIptablesProxier(options: IptablesProxierOptions): Proxier {
  const cidr = (text: string, what: string) => {
    parseCidr(text, { what, exact: true });
    return text;
  };
  for (const ip of options.nodeIps) parseIPv4(ip);
  return new IptablesProxier({
    render: {
      clusterCidr: cidr(options.clusterCidr, 'cluster CIDR'),
      serviceCidr: cidr(options.serviceCidr, 'service CIDR'),
      nodeIps: [...options.nodeIps],
      names: chainNames(options.chainPrefix ?? DEFAULT_CHAIN_PREFIX),
    },
    runner: options.runner ?? execRunner(),
    log: options.log,
  });
}

export { IptablesProxier } from './iptables-proxier';
export { execRunner, netnsRunner, RecordingRunner, IptablesCommandError } from './runner';
export type { IptablesRunner, RecordedCommand } from './runner';
export { chainNames, DEFAULT_CHAIN_PREFIX } from './chain-names';
export type { ChainNames } from './chain-names';
export { renderRules, restoreInput } from './render-rules';
export type { RuleSet, RenderOptions } from './render-rules';
export { servicePorts } from './service-ports';
export type { ServicePortInfo } from './service-ports';
