// Which UDP conntrack entries a sync leaves stale, pure. The kernel NATs only a flow's first packet: every later
// packet of a UDP "connection" follows its conntrack entry, so after an endpoint goes away its clients keep
// sending into the void until the entry expires — for a client that talks without pause, never. TCP needs no
// help (the dead endpoint resets, the client reconnects through the new rules). So after applying new rules the
// iptables mode deletes, for UDP service ports only:
//   - flows of a frontend (cluster IP:port, or any address at the node port) DNATed to an endpoint that this
//     frontend no longer sends to (endpoint removed, port removed or renumbered, cluster IP changed);
//   - every flow to a frontend that had no endpoints and now has some (kube-proxy's "stale service"): such
//     flows were never DNATed — e.g. ones the userspace mode served from this node — and would stay that way.
import type { ServicePortInfo } from '../service-ports';

/** One `conntrack -D` filter: UDP flows whose original destination is origDst:dport (and DNATed to dstNat). */
export interface UdpFlowFilter {
  /** The original destination address; absent for node ports (any address of the node). */
  readonly origDst?: string;
  readonly dport: number;
  /** Only flows DNATed to this endpoint address; absent: every flow to the frontend. */
  readonly dstNat?: string;
}

interface Frontend {
  readonly origDst?: string;
  readonly dport: number;
}

const frontendKey = (f: Frontend) => `${f.origDst ?? '*'}:${f.dport}`;
const hostOf = (endpoint: string) => endpoint.slice(0, endpoint.lastIndexOf(':'));

/** Frontend key → the frontend and the endpoints ("ip:port") it sends to, for the UDP ports given. */
function frontends(ports: readonly ServicePortInfo[]): Map<string, Frontend & { endpoints: Set<string> }> {
  const out = new Map<string, Frontend & { endpoints: Set<string> }>();
  const add = (f: Frontend, endpoints: readonly string[]) => {
    const key = frontendKey(f);
    const entry = out.get(key) ?? { ...f, endpoints: new Set<string>() };
    for (const e of endpoints) entry.endpoints.add(e);
    out.set(key, entry);
  };
  for (const p of ports) {
    if (p.protocol !== 'UDP') continue;
    add({ origDst: p.clusterIP, dport: p.port }, p.endpoints);
    if (p.nodePort !== undefined) add({ dport: p.nodePort }, p.endpoints);
  }
  return out;
}

/** The flows to delete after the rules for `after` replaced those for `before`; sorted, without duplicates. */
export function staleUdpFlows(
  before: readonly ServicePortInfo[],
  after: readonly ServicePortInfo[],
): UdpFlowFilter[] {
  const was = frontends(before);
  const now = frontends(after);
  const out = new Map<string, UdpFlowFilter>();
  const add = (f: UdpFlowFilter) => out.set(conntrackArgs(f).join(' '), f);
  for (const [key, old] of was) {
    const kept = now.get(key)?.endpoints ?? new Set<string>();
    for (const e of old.endpoints) if (!kept.has(e)) add({ ...frontendOf(old), dstNat: hostOf(e) });
  }
  for (const [key, f] of now) {
    const hadNone = (was.get(key)?.endpoints.size ?? 0) === 0;
    if (hadNone && f.endpoints.size > 0) add(frontendOf(f));
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
}

const frontendOf = (f: Frontend): Frontend =>
  f.origDst === undefined ? { dport: f.dport } : { origDst: f.origDst, dport: f.dport };

/** The arguments of `conntrack` that delete the flows of one filter. */
export function conntrackArgs(f: UdpFlowFilter): string[] {
  return [
    '-D',
    '-p',
    'udp',
    ...(f.origDst === undefined ? [] : ['--orig-dst', f.origDst]),
    '--dport',
    String(f.dport),
    ...(f.dstNat === undefined ? [] : ['--dst-nat', f.dstNat]),
  ];
}
