// hostPort as NAT rules (DESIGN.md §5: "hostPort is DNAT on the node address"), pure: which ports of a pod are
// host ports, the iptables-restore input that replaces our two nat chains in one transaction, the jumps into
// them, and the reading of our own rules back from iptables-save (a restarted kubelet adopts them).
//
//   PREROUTING, OUTPUT  -d <node ip>  → <chain>       DNAT <node ip>:<hostPort> → <pod ip>:<containerPort>
//   POSTROUTING         -s <pod cidr> → <chain>-MASQ  MASQUERADE what a pod sent to a host port, so the reply
//                                                     comes back through the node (hairpin, pod to pod)
// A client outside the pod range keeps its source address. The scheduler already refuses host port conflicts
// (its NodePorts filter, src/scheduler/host-ports.ts); static pods skip the scheduler, so the manager refuses a
// second owner of a port as well.
import type { Pod } from '../../api/types';

export type HostPortProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface HostPortMapping {
  hostPort: number;
  containerPort: number;
  protocol: HostPortProtocol;
}

/** One pod's host ports, as the rules hold them. */
export interface PodHostPorts {
  uid: string;
  /** `namespace/name`, for the rule comments and messages. */
  name: string;
  podIp: string;
  mappings: HostPortMapping[];
}

export interface HostPortChains {
  /** The DNAT chain in the nat table (K8TS-HOSTPORTS); the masquerade chain is `<chain>-MASQ`. */
  chain: string;
  nodeIp: string;
  /** The node's pod range: sources that are masqueraded. Without it no masquerade chain is used. */
  podCidr?: string;
}

export const DEFAULT_HOSTPORT_CHAIN = 'K8TS-HOSTPORTS';
const COMMENT = 'k8ts-hostport';
/** iptables chain names are at most 28 characters; `-MASQ` is added. */
const MAX_CHAIN = 28 - '-MASQ'.length;

export const masqChainOf = (chain: string) => `${chain}-MASQ`;

/** Throws for a chain name iptables would refuse, so a bad flag fails at start, not at the first pod. */
export function validateChainName(chain: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(chain) || chain.length > MAX_CHAIN)
    throw new Error(
      `invalid hostport chain name ${JSON.stringify(chain)}: use letters, digits, - and _, at most ${MAX_CHAIN} characters`,
    );
}

/**
 * The container ports of the pod that ask for a host port, without duplicates. A port's hostIP is not used:
 * host ports open on the node address only.
 */
export function hostPortsOf(pod: Pod): HostPortMapping[] {
  const seen = new Set<string>();
  const out: HostPortMapping[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      const protocol = (p.protocol ?? 'TCP') as HostPortProtocol;
      const key = `${p.hostPort}/${protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol });
    }
  return out;
}

/** The first of `candidate`'s ports already held by another pod, if any. */
export function findConflict(
  pods: Iterable<PodHostPorts>,
  candidate: PodHostPorts,
): { mapping: HostPortMapping; owner: PodHostPorts } | undefined {
  for (const owner of pods) {
    if (owner.uid === candidate.uid) continue;
    for (const mapping of candidate.mappings)
      if (owner.mappings.some((m) => m.hostPort === mapping.hostPort && m.protocol === mapping.protocol))
        return { mapping, owner };
  }
  return undefined;
}

const proto = (m: HostPortMapping) => m.protocol.toLowerCase();
const comment = (pod: PodHostPorts) => `-m comment --comment "${COMMENT} ${pod.uid} ${pod.name}"`;

/** Stable order, whatever order pods were added in: by host port, then protocol. */
function ordered(pods: readonly PodHostPorts[]): { pod: PodHostPorts; m: HostPortMapping }[] {
  return pods
    .flatMap((pod) => pod.mappings.map((m) => ({ pod, m })))
    .sort((a, b) => a.m.hostPort - b.m.hostPort || a.m.protocol.localeCompare(b.m.protocol));
}

/**
 * Input for `iptables-restore --noflush`: declaring a chain flushes it, so the whole rule set of both chains is
 * replaced atomically and applying it twice gives the same rules. Written exactly as iptables-save prints it.
 */
export function renderHostPortRules(chains: HostPortChains, pods: readonly PodHostPorts[]): string {
  const { chain, nodeIp, podCidr } = chains;
  const masq = masqChainOf(chain);
  const lines = ['*nat', `:${chain} - [0:0]`];
  if (podCidr) lines.push(`:${masq} - [0:0]`);
  for (const { pod, m } of ordered(pods)) {
    const match = `-p ${proto(m)} -m ${proto(m)}`;
    lines.push(
      `-A ${chain} -d ${nodeIp}/32 ${match} --dport ${m.hostPort} ${comment(pod)} ` +
        `-j DNAT --to-destination ${pod.podIp}:${m.containerPort}`,
    );
    if (podCidr)
      lines.push(
        `-A ${masq} -s ${podCidr} -d ${pod.podIp}/32 ${match} --dport ${m.containerPort} ` +
          `-m conntrack --ctstate DNAT --ctorigdst ${nodeIp} --ctorigdstport ${m.hostPort} ${comment(pod)} ` +
          `-j MASQUERADE`,
      );
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

export interface JumpRule {
  /** Built-in nat chain the jump is in. */
  from: 'PREROUTING' | 'OUTPUT' | 'POSTROUTING';
  /** Arguments after `-A <from>` (one argv entry each). */
  args: string[];
}

/** The jumps into our chains: only traffic for the node address (and, for masquerade, from pods) enters them. */
export function jumpRules(chains: HostPortChains): JumpRule[] {
  const toChain = (c: string) => ['-m', 'comment', '--comment', 'k8ts hostports', '-j', c];
  const jumps: JumpRule[] = [
    { from: 'PREROUTING', args: ['-d', `${chains.nodeIp}/32`, ...toChain(chains.chain)] },
    { from: 'OUTPUT', args: ['-d', `${chains.nodeIp}/32`, ...toChain(chains.chain)] },
  ];
  if (chains.podCidr)
    jumps.push({ from: 'POSTROUTING', args: ['-s', chains.podCidr, ...toChain(masqChainOf(chains.chain))] });
  return jumps;
}

/** The pods our DNAT chain holds, read from `iptables-save -t nat`; other chains' and others' rules are ignored. */
export function parseHostPortRules(chain: string, iptablesSave: string): PodHostPorts[] {
  const pods = new Map<string, PodHostPorts>();
  for (const line of iptablesSave.split('\n')) {
    if (!line.startsWith(`-A ${chain} `)) continue;
    const owner = new RegExp(`--comment "?${COMMENT} (\\S+) ([^"\\s]+)"?`).exec(line);
    const to = /--to-destination (\d+\.\d+\.\d+\.\d+):(\d+)/.exec(line);
    const port = /--dport (\d+)/.exec(line);
    const protocol = / -p (tcp|udp|sctp) /.exec(line);
    if (!owner || !to || !port || !protocol) continue;
    const [, uid, name] = owner as unknown as [string, string, string];
    let pod = pods.get(uid);
    if (!pod) pods.set(uid, (pod = { uid, name, podIp: to[1]!, mappings: [] }));
    pod.mappings.push({
      hostPort: Number(port[1]),
      containerPort: Number(to[2]),
      protocol: protocol[1]!.toUpperCase() as HostPortProtocol,
    });
  }
  return [...pods.values()];
}
