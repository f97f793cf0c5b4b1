// The pure rule generator: service ports → the rules of kube-proxy's iptables design, and the text of one
// `iptables-restore --noflush` input that rewrites exactly our chains. Packet paths (nat table):
//   PREROUTING/OUTPUT → <P>-SERVICES → (-d clusterIP --dport port) <P>-SVC-x → one <P>-SEP-y, picked in turn
//     (or by the client's recent entry under ClientIP affinity) → DNAT to the endpoint;
//   <P>-SERVICES → <P>-NODEPORTS → (-d nodeIp --dport nodePort) mark for masquerade → <P>-SVC-x;
//   POSTROUTING → <P>-POSTROUTING → MASQUERADE what was marked: clients outside the cluster range, node-port
//     traffic, and hairpin (an endpoint reaching itself through its service, so the reply comes back to us).
// Filter table: INPUT/FORWARD/OUTPUT (new connections) → <P>-SERVICES, which REJECTs ports that have no
// endpoints and then any other address of the service range, so such clients are refused at once instead of
// hanging. Traffic that was DNATed no longer has a service address by the time the filter table sees it.
import type { ChainNames } from './chain-names';
import type { ServicePortInfo } from '../service-ports';

/** The mark bit that asks <P>-POSTROUTING to masquerade (kube-proxy's). */
export const MASQ_MARK = '0x4000';

export interface RenderOptions {
  /** The pods' range: connections from outside it to a cluster IP are masqueraded. */
  readonly clusterCidr: string;
  /** The range cluster IPs come from: an address of it that nothing serves is refused. */
  readonly serviceCidr: string;
  /** The node's addresses that serve node ports; empty → every local address (`addrtype LOCAL`). */
  readonly nodeIps: readonly string[];
  readonly names: ChainNames;
}

export interface TableRules {
  /** Our chains in this table, declared (created or flushed) by the restore input. */
  readonly chains: readonly string[];
  /** Their rules, as `-A CHAIN ...` lines. */
  readonly rules: readonly string[];
}

export interface RuleSet {
  readonly filter: TableRules;
  readonly nat: TableRules;
  /** What the rules hold, for the log line. */
  readonly counts: { servicePorts: number; endpoints: number; rules: number };
}

const REJECT = '-j REJECT --reject-with icmp-port-unreachable';
/** One rule line from its parts; empty parts (an absent match) are dropped. */
const rule = (...parts: string[]) => parts.filter(Boolean).join(' ');
const comment = (text: string) => `-m comment --comment "${text}"`;
const proto = (p: ServicePortInfo) => p.protocol.toLowerCase();
const dport = (p: ServicePortInfo, port: number) => `-p ${proto(p)} -m ${proto(p)} --dport ${port}`;

/** Renders every rule for these service ports. Same input, same output, line for line. */
export function renderRules(ports: readonly ServicePortInfo[], options: RenderOptions): RuleSet {
  const n = options.names;
  const nodeDests = options.nodeIps.length ? options.nodeIps.map((ip) => `-d ${ip}/32`) : [''];
  const filter: string[] = [];
  const natChains = [n.services, n.nodePorts, n.postrouting, n.markMasq];
  const nat = [
    `-A ${n.postrouting} -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A ${n.postrouting} -j MARK --xor-mark ${MASQ_MARK}`,
    `-A ${n.postrouting} ${comment('service traffic requiring SNAT')} -j MASQUERADE`,
    `-A ${n.markMasq} -j MARK --or-mark ${MASQ_MARK}`,
  ];
  let endpointCount = 0;
  for (const p of ports) {
    const nodePortDests = p.nodePort === undefined ? [] : nodeDests;
    if (p.endpoints.length === 0) {
      const why = comment(`${p.name} has no endpoints`);
      filter.push(`-A ${n.services} ${why} -d ${p.clusterIP}/32 ${dport(p, p.port)} ${REJECT}`);
      for (const d of nodePortDests)
        filter.push(rule(`-A ${n.services}`, why, d, dport(p, p.nodePort!), REJECT));
      continue;
    }
    endpointCount += p.endpoints.length;
    const svc = n.service(p.id);
    natChains.push(svc);
    nat.push(
      `-A ${n.services} ${comment(`${p.name} cluster IP`)} -d ${p.clusterIP}/32 ${dport(p, p.port)} -j ${svc}`,
    );
    for (const d of nodePortDests) {
      const match = rule(`-A ${n.nodePorts}`, comment(p.name), d, dport(p, p.nodePort!));
      nat.push(`${match} -j ${n.markMasq}`, `${match} -j ${svc}`);
    }
    const { chains, rules } = serviceChain(p, svc, options);
    natChains.push(...chains);
    nat.push(...rules);
  }
  nat.push(
    options.nodeIps.length
      ? `-A ${n.services} ${comment('node ports; must be last')} -j ${n.nodePorts}`
      : `-A ${n.services} ${comment('node ports; must be last')} -m addrtype --dst-type LOCAL -j ${n.nodePorts}`,
  );
  filter.push(
    `-A ${n.services} ${comment('no service serves this cluster IP port')} -d ${options.serviceCidr} ${REJECT}`,
  );
  return {
    filter: { chains: [n.services], rules: filter },
    nat: { chains: natChains, rules: nat },
    counts: { servicePorts: ports.length, endpoints: endpointCount, rules: filter.length + nat.length },
  };
}

/** The <P>-SVC chain of one served port and the <P>-SEP chain of each of its endpoints. */
function serviceChain(p: ServicePortInfo, svc: string, options: RenderOptions): TableRules {
  const n = options.names;
  const seps = p.endpoints.map((ep) => ({
    ep,
    chain: n.endpoint(p.id, ep),
    ip: ep.slice(0, ep.lastIndexOf(':')),
  }));
  const rules = [`-A ${svc} ${comment(`${p.name} cluster IP`)} ! -s ${options.clusterCidr} -j ${n.markMasq}`];
  if (p.affinityTimeoutSeconds !== undefined) {
    for (const s of seps)
      rules.push(
        `-A ${svc} ${comment(`${p.name} -> ${s.ep}`)} -m recent --name ${s.chain} --rcheck --seconds ${p.affinityTimeoutSeconds} --reap -j ${s.chain}`,
      );
  }
  // Round robin, as the userspace proxier and the seed's proxy do: the i-th pick takes every (n-i)-th new
  // connection that reaches it (only a connection's first packet crosses the nat table), so n connections
  // reach n endpoints once each. kube-proxy picks at random instead; even odds still leave one pod in 300
  // with half its share of 60 connections, which is not what a user who scales to three expects to see.
  seps.forEach((s, i) => {
    const left = seps.length - i;
    const pick = left > 1 ? ` -m statistic --mode nth --every ${left} --packet 0` : '';
    rules.push(`-A ${svc} ${comment(`${p.name} -> ${s.ep}`)}${pick} -j ${s.chain}`);
  });
  for (const s of seps) {
    const remember = p.affinityTimeoutSeconds !== undefined ? ` -m recent --name ${s.chain} --set` : '';
    rules.push(
      `-A ${s.chain} ${comment(p.name)} -s ${s.ip}/32 -j ${n.markMasq}`,
      `-A ${s.chain} ${comment(p.name)} -p ${proto(p)}${remember} -j DNAT --to-destination ${s.ep}`,
    );
  }
  return { chains: seps.map((s) => s.chain), rules };
}

/** Chains of ours that exist on the node but are no longer wanted, per table; deleted by the same input. */
export interface StaleChains {
  readonly filter: readonly string[];
  readonly nat: readonly string[];
}

/**
 * The `iptables-restore --noflush` input that makes our chains exactly these rules, in one transaction:
 * declaring a chain creates or flushes it, rules are appended, stale chains are flushed and then deleted.
 * Built-in chains and other tools' chains are not named, so they are left as they are.
 */
export function restoreInput(rules: RuleSet, stale: StaleChains = { filter: [], nat: [] }): string {
  return [table('filter', rules.filter, stale.filter), table('nat', rules.nat, stale.nat)].join('');
}

/** The input that flushes and deletes these chains (cleanup). Jumps to them must be gone first. */
export function deleteInput(chains: StaleChains): string {
  return restoreInput(
    { filter: none, nat: none, counts: { servicePorts: 0, endpoints: 0, rules: 0 } },
    chains,
  );
}

const none: TableRules = { chains: [], rules: [] };

function table(name: string, t: TableRules, stale: readonly string[]): string {
  const lines = [
    `*${name}`,
    ...[...t.chains, ...stale].map((c) => `:${c} - [0:0]`),
    ...t.rules,
    ...stale.map((c) => `-X ${c}`),
    'COMMIT',
  ];
  return lines.join('\n') + '\n';
}
