// repackSubsets (k8s endpoints.RepackSubsets): the canonical form of an Endpoints object's subsets. Every
// address is grouped with exactly the set of ports it serves, one subset per distinct group, an address
// ready for a port wins over not ready, and everything is sorted — so the same cluster state always
// yields the same object and the controller writes only when something really changed. k8s sorts by
// hash; we sort by readable keys (IP, pod uid; port name, number, protocol), which is just as stable.
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../api/types';

const addressKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort) =>
  `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? 'TCP'}\u0000${p.appProtocol ?? ''}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// A subset without ports (headless service without ports) is kept under this sentinel key.
const NO_PORT = '\u0001none';

export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const ports = new Map<string, EndpointPort | undefined>();
  // port key → address key → ready
  const readyByPort = new Map<string, Map<string, boolean>>();
  const note = (pk: string, a: EndpointAddress, ready: boolean) => {
    const ak = addressKey(a);
    if (!addresses.has(ak)) addresses.set(ak, a);
    const m = readyByPort.get(pk) ?? new Map<string, boolean>();
    readyByPort.set(pk, m);
    m.set(ak, ready || (m.get(ak) ?? false));
  };
  for (const s of subsets) {
    const keys = s.ports?.length ? s.ports.map((p) => (ports.set(portKey(p), p), portKey(p))) : [NO_PORT];
    for (const pk of keys) {
      for (const a of s.addresses ?? []) note(pk, a, true);
      for (const a of s.notReadyAddresses ?? []) note(pk, a, false);
    }
  }
  // Group ports by the exact (address, ready) set they map to.
  const groups = new Map<string, { set: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [pk, set] of readyByPort) {
    const gk = [...set]
      .map(([ak, r]) => `${ak}\u0000${r}`)
      .sort()
      .join('\u0002');
    const g = groups.get(gk) ?? { set, ports: [] };
    groups.set(gk, g);
    const port = ports.get(pk);
    if (pk !== NO_PORT && port) g.ports.push(port);
  }
  const out = [...groups.values()].map(({ set, ports: ps }) => subsetOf(set, ps, addresses));
  return out.sort((a, b) => cmp(subsetKey(a), subsetKey(b)));
}

function subsetOf(
  set: Map<string, boolean>,
  ports: EndpointPort[],
  addresses: Map<string, EndpointAddress>,
): EndpointSubset {
  const keys = [...set.keys()].sort();
  const ready = keys.filter((k) => set.get(k)).map((k) => structuredClone(addresses.get(k)!));
  const notReady = keys.filter((k) => !set.get(k)).map((k) => structuredClone(addresses.get(k)!));
  const s: EndpointSubset = {};
  if (ready.length) s.addresses = sortAddresses(ready);
  if (notReady.length) s.notReadyAddresses = sortAddresses(notReady);
  if (ports.length) s.ports = [...ports].sort((a, b) => cmp(portKey(a), portKey(b))).map((p) => ({ ...p }));
  return s;
}

const sortAddresses = (as: EndpointAddress[]) =>
  as.sort((a, b) => compareIPs(a.ip, b.ip) || cmp(addressKey(a), addressKey(b)));

/** IPv4 addresses in numeric order (10.0.0.9 before 10.0.0.10); anything else as text. */
function compareIPs(a: string, b: string): number {
  const n = (ip: string) => ip.split('.').map(Number);
  const [x, y] = [n(a), n(b)];
  if (x.length === 4 && y.length === 4 && [...x, ...y].every(Number.isInteger)) {
    for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  }
  return cmp(a, b);
}

const subsetKey = (s: EndpointSubset) =>
  [
    (s.ports ?? []).map(portKey).join(','),
    (s.addresses ?? s.notReadyAddresses ?? []).map(addressKey)[0] ?? '',
  ].join('|');
