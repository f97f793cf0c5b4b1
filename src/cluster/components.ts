// The processes of a local cluster, in start order, and the flags each gets from the settings. The control
// plane (apiserver, controller-manager, scheduler) runs on the host; then each node's kubelet and proxy. One
// node: `kubelet` and `proxy` in the host network namespace, as before. Several: `kubelet-<i>` and `proxy-<i>`
// inside node i's namespace, talking to the apiserver on the host bridge address. `down` stops them in
// reverse. The dockerds are not here: node-runtime.ts starts and stops them.
import path from 'node:path';
import { gatewayOf } from '../kubelet/network';
import { dockerdPaths } from '../kubelet/runtime';
import { nodeDockerRoot } from './node-runtime';
import type { ClusterPaths } from './paths';
import type { ComponentSpec } from './processes';
import type { ClusterSettings } from './settings';
import { planTopology } from './topology';

export const CONTROL_PLANE = ['apiserver', 'controller-manager', 'scheduler'] as const;
/** The verbs of `k8ts` that a local cluster runs. */
export type ComponentVerb = (typeof CONTROL_PLANE)[number] | 'kubelet' | 'proxy';

export interface ComponentPlan extends ComponentSpec {
  verb: ComponentVerb;
  /** The node (1-based) a kubelet or proxy belongs to; 0 for the one node of a one-node cluster. */
  node?: number;
}

/** The apiserver as every component and kubectl reach it: loopback with one node, the host bridge with more
 * (the node namespaces cannot reach the host's loopback). */
export function serverOf(s: ClusterSettings): string {
  return s.nodes > 1 ? `http://${planTopology(s).hostIp}:${s.port}` : `http://127.0.0.1:${s.port}`;
}

/** A node as its kubelet and proxy see it. */
export interface NodeFacts {
  index: number;
  name: string;
  ip: string;
  podCidr: string;
  netns?: string;
}

/** One node: the host itself, its address the bridge's (an address we made, so the apiserver never sends
 * traffic to the host's own network). Several: the namespaces of topology.ts. */
export function nodesOf(s: ClusterSettings): NodeFacts[] {
  if (s.nodes === 1) return [{ index: 0, name: s.nodeName, ip: gatewayOf(s.podCidr), podCidr: s.podCidr }];
  return planTopology(s).nodes.map((n) => ({ ...n }));
}

/** One node: the cluster range is the node's range, so the controller's allocator agrees with the kubelet. */
const clusterRangeOf = (s: ClusterSettings) => (s.nodes === 1 ? s.podCidr : s.clusterCidr);

export function planComponents(
  paths: ClusterPaths,
  s: ClusterSettings,
  options: { withProxy: boolean },
): ComponentPlan[] {
  const master = serverOf(s);
  const apiserver = ['apiserver', '--store', 'sqlite', '--data-dir', paths.data];
  apiserver.push('--insecure-port', String(s.port), '--service-cluster-ip-range', s.serviceCidr);
  // Plain HTTP on an address only this machine has (the host bridge), until HTTPS with auth lands.
  if (s.nodes > 1) apiserver.push('--insecure-bind-address', planTopology(s).hostIp);
  const plan: ComponentPlan[] = [
    { name: 'apiserver', verb: 'apiserver', args: apiserver },
    {
      name: 'controller-manager',
      verb: 'controller-manager',
      args: ['controller-manager', '--master', master, '--cluster-cidr', clusterRangeOf(s)],
    },
    { name: 'scheduler', verb: 'scheduler', args: ['scheduler', '--master', master] },
  ];
  for (const n of nodesOf(s)) {
    const suffix = n.index ? `-${n.index}` : '';
    const home = n.index ? path.join(paths.home, 'nodes', String(n.index)) : paths.home;
    const socket = dockerdPaths(nodeDockerRoot(paths, n.index)).socket;
    const kubelet = ['kubelet', '--api-servers', master, '--hostname-override', n.name];
    kubelet.push('--docker-endpoint', `unix://${socket}`, '--root-dir', path.join(home, 'kubelet'));
    kubelet.push('--pod-cidr', n.podCidr, '--bridge', s.bridge, '--node-ip', n.ip);
    kubelet.push('--port', String(s.kubeletPort));
    plan.push({ name: `kubelet${suffix}`, verb: 'kubelet', node: n.index, netns: n.netns, args: kubelet });
    if (!options.withProxy) continue;
    const proxy = ['proxy', '--master', master, '--proxy-mode', s.proxyMode, '--hostname-override', n.name];
    proxy.push('--service-cluster-ip-range', s.serviceCidr, '--cluster-cidr', clusterRangeOf(s));
    proxy.push('--nodeport-addresses', n.ip, '--healthz-bind-address', `127.0.0.1:${s.proxyHealthzPort}`);
    plan.push({ name: `proxy${suffix}`, verb: 'proxy', node: n.index, netns: n.netns, args: proxy });
  }
  return plan;
}
