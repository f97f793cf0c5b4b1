// The multi-node network plan (DESIGN.md §5), pure: from the settings, every name, address and route that
// netns.ts creates and removes. Node i (1-based) is network namespace `<netnsPrefix><i>`, joined to the host
// bridge by veth `<hostBridge>-<i>` (its `eth0` inside at .(10+i) of the node network), and owns the i-th /24
// of the cluster range. Nodes reach each other's pods through each other's address, on-link over the host
// bridge; no node gets a default route, so nothing from a node or a pod can leave the machine.
import { formatCidr, nthAddress, nthSubnet, parseCidr } from '../util';
import type { ClusterSettings } from './settings';

export interface Route {
  /** Destination range. */
  to: string;
  via: string;
}

export interface NodePlan {
  /** 1-based. */
  index: number;
  /** The Node's name in the API. */
  name: string;
  netns: string;
  /** Host end of the node's veth, on the host bridge. */
  hostVeth: string;
  /** The node's interface inside its namespace. */
  ifName: 'eth0';
  /** The node's address on the node network (its InternalIP; the kubelet's --node-ip). */
  ip: string;
  podCidr: string;
  /** Inside the node: every other node's pod range via that node. */
  routes: Route[];
}

export interface Topology {
  hostBridge: string;
  /** The host's address on the node network, with its prefix ("10.240.0.1/24"): where the apiserver listens. */
  hostAddress: string;
  hostIp: string;
  prefixLength: number;
  netnsPrefix: string;
  nodes: NodePlan[];
  /** On the host: each node's pod range via that node. */
  hostRoutes: Route[];
  /** Ranges whose forwarded traffic may only leave through the host bridge. */
  guardedCidrs: string[];
}

export type TopologySettings = Pick<
  ClusterSettings,
  'nodes' | 'hostBridge' | 'nodeCidr' | 'clusterCidr' | 'netnsPrefix' | 'nodeName'
>;

export const nodeNameOf = (s: Pick<ClusterSettings, 'nodeName'>, i: number): string => `${s.nodeName}-${i}`;

export function planTopology(s: TopologySettings): Topology {
  const nodeNet = parseCidr(s.nodeCidr);
  const cluster = parseCidr(s.clusterCidr);
  const bare = Array.from({ length: s.nodes }, (_, k) => {
    const index = k + 1;
    return {
      index,
      name: nodeNameOf(s, index),
      netns: `${s.netnsPrefix}${index}`,
      hostVeth: `${s.hostBridge}-${index}`,
      ifName: 'eth0' as const,
      ip: nthAddress(nodeNet, 10 + index),
      podCidr: formatCidr(nthSubnet(cluster, 24, index)),
    };
  });
  const nodes = bare.map((n) => ({
    ...n,
    routes: bare.filter((o) => o !== n).map((o) => ({ to: o.podCidr, via: o.ip })),
  }));
  const hostIp = nthAddress(nodeNet, 1);
  return {
    hostBridge: s.hostBridge,
    hostAddress: `${hostIp}/${nodeNet.prefixLength}`,
    hostIp,
    prefixLength: nodeNet.prefixLength,
    netnsPrefix: s.netnsPrefix,
    nodes,
    hostRoutes: bare.map((n) => ({ to: n.podCidr, via: n.ip })),
    guardedCidrs: [s.clusterCidr, s.nodeCidr],
  };
}
