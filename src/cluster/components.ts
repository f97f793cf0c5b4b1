// The processes of a local cluster, in start order, and the flags each gets from the settings. The control
// plane (apiserver, controller-manager, scheduler) runs on the host; then each node's kubelet and proxy. One
// node: `kubelet` and `proxy` in the host network namespace, as before. Several: `kubelet-<i>` and `proxy-<i>`
// inside node i's namespace, talking to the apiserver on the host bridge address. The apiserver serves only
// HTTPS (no insecure port); every component reaches it with its own kubeconfig and credentials
// (./credentials-flags), each kubelet serves HTTPS with its node's certificate. `down` stops them in
// reverse. Cluster DNS (`dns`) runs on the host, on an address the pods reach (dnsAddressOf), behind the
// kube-dns service (dns-service.ts). With --store etcd and no --etcd-servers, local etcd members (the `etcd`
// binary, on loopback) come first. The dockerd is not here: node-runtime.ts starts and stops it.
import path from 'node:path';
import { DEFAULT_HOSTPORT_CHAIN, gatewayOf } from '../kubelet/network';
import { dockerdPaths } from '../kubelet/runtime';
import { nodeDockerRoot } from './node-runtime';
import type { ClusterCredentials } from './credentials';
import { apiserverAuthArgs, componentAuthArgs, kubeletAuthArgs } from './credentials-flags';
import type { ClusterKubeconfigs } from './kubeconfig';
import type { ClusterPaths } from './paths';
import type { ComponentSpec } from './processes';
import type { ClusterSettings } from './settings';
import { planTopology } from './topology';
import { nthAddress, parseCidr, subnetIndex } from '../util';
import { bootstrapTokenFile } from './bootstrap-token';

/** The apiserver's flags for `k8ts join`: the join token file and the CA pair that signs joining nodes. */
const joinArgs = (c: ClusterCredentials, tokenFile: string): string[] => [
  ...['--bootstrap-token-file', tokenFile],
  ...['--cluster-signing-cert-file', c.pki.caCert, '--cluster-signing-key-file', c.pki.caKey],
];

/** The kubelet's hostPort chain in the host for a one-node cluster on this bridge (the default for cbr0). */
export const hostPortChainOf = (bridge: string): string =>
  bridge === 'cbr0' ? DEFAULT_HOSTPORT_CHAIN : `K8TS-HP-${bridge}`;
export const CONTROL_PLANE = ['apiserver', 'controller-manager', 'scheduler'] as const;
/** The verbs of `k8ts` that a local cluster runs. */
export type ComponentVerb = 'etcd' | (typeof CONTROL_PLANE)[number] | 'dns' | 'kubelet' | 'proxy';

export interface ComponentPlan extends ComponentSpec {
  verb: ComponentVerb;
  /** The node (1-based) a kubelet or proxy belongs to; 0 for the one node of a one-node cluster. */
  node?: number;
}

/** The one address the apiserver's secure port binds: the node bridge's gateway with one node, the host bridge
 * address with more — both addresses this machine made, reachable from the host, the nodes and the pods, and
 * from nowhere else. */
export function apiserverAddressOf(s: ClusterSettings): string {
  return s.nodes > 1 ? planTopology(s).hostIp : gatewayOf(s.podCidr);
}

/** The apiserver as every component and kubectl reach it (the admin kubeconfig's server). */
export function serverOf(s: ClusterSettings): string {
  return `https://${apiserverAddressOf(s)}:${s.port}`;
}

/** The `kubernetes` service's cluster IP (the first of the service range), in the apiserver certificate. */
export function kubernetesServiceIp(s: Pick<ClusterSettings, 'serviceCidr'>): string {
  return nthAddress(parseCidr(s.serviceCidr), 1);
}

/** What the components authenticate with: from ensureClusterCredentials and writeClusterKubeconfigs. */
export interface ComponentAuth {
  credentials: ClusterCredentials;
  kubeconfigs: ClusterKubeconfigs;
}

/** Where the DNS server listens: an address of the host that every pod reaches without the proxy — the host
 * bridge address with several nodes, the node bridge's gateway with one. */
export function dnsAddressOf(s: ClusterSettings): string {
  return s.nodes > 1 ? planTopology(s).hostIp : gatewayOf(s.podCidr);
}

/** The kube-dns service's cluster IP, the pods' nameserver: the 10th address of the service range. */
export function clusterDnsIp(s: Pick<ClusterSettings, 'serviceCidr'>): string {
  return nthAddress(parseCidr(s.serviceCidr), 10);
}

/** A local etcd member: `etcd` alone, or `etcd-<i>` of several, on loopback, its data under $K8TS_HOME/etcd. */
export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
}

/** The members `up` runs: none with the SQLite store or with --etcd-servers. */
export function etcdMembersOf(paths: ClusterPaths, s: ClusterSettings): EtcdMember[] {
  if (s.store !== 'etcd' || s.etcdServers) return [];
  return Array.from({ length: s.etcdMembers }, (_, k) => {
    const name = s.etcdMembers === 1 ? 'etcd' : `etcd-${k + 1}`;
    return {
      name,
      clientUrl: `http://127.0.0.1:${s.etcdPort + 2 * k}`,
      peerUrl: `http://127.0.0.1:${s.etcdPort + 2 * k + 1}`,
      dataDir: path.join(paths.home, 'etcd', name),
    };
  });
}

/** The flags of test/support/etcd.ts; the initial cluster only counts on the first start (an existing data
 * dir keeps its membership, so a restarted member rejoins). */
function etcdArgs(m: EtcdMember, all: EtcdMember[]): string[] {
  return [
    ...['--name', m.name, '--data-dir', m.dataDir],
    ...['--listen-client-urls', m.clientUrl, '--advertise-client-urls', m.clientUrl],
    ...['--listen-peer-urls', m.peerUrl, '--initial-advertise-peer-urls', m.peerUrl],
    ...['--initial-cluster', all.map((o) => `${o.name}=${o.peerUrl}`).join(',')],
    ...['--initial-cluster-state', 'new', '--initial-cluster-token', 'k8ts', '--logger', 'zap'],
  ];
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

/** One node: the cluster range is the node's range, so the controller's allocator agrees with the kubelet —
 * unless the cluster range holds the node's, when hosts that `k8ts join` later get the rest of it. */
export function clusterRangeOf(s: Pick<ClusterSettings, 'nodes' | 'podCidr' | 'clusterCidr'>): string {
  if (s.nodes > 1) return s.clusterCidr;
  const [pod, cluster] = [parseCidr(s.podCidr), parseCidr(s.clusterCidr)];
  return subnetIndex(cluster, pod) === undefined ? s.podCidr : s.clusterCidr;
}

/** The components to run. `down` and `status` need only their names and pass no `auth`; `up` passes it, and
 * without it the commands below would carry no credential flags. */
export function planComponents(
  paths: ClusterPaths,
  s: ClusterSettings,
  options: { withProxy: boolean; withDns: boolean; auth?: ComponentAuth },
): ComponentPlan[] {
  const auth = options.auth;
  const as = (component: 'scheduler' | 'controller-manager' | 'proxy' | 'dns') =>
    auth ? componentAuthArgs(auth.kubeconfigs, component) : [];
  const members = etcdMembersOf(paths, s);
  const etcdServers = s.etcdServers || members.map((m) => m.clientUrl).join(',');
  const apiserver =
    s.store === 'etcd'
      ? ['apiserver', '--store', 'etcd', '--etcd-servers', etcdServers]
      : ['apiserver', '--store', 'sqlite', '--data-dir', paths.data];
  apiserver.push('--service-cluster-ip-range', s.serviceCidr);
  // What `kubectl get componentstatuses` probes: the ports this cluster gives its scheduler and controllers.
  apiserver.push('--scheduler-healthz', `http://127.0.0.1:${s.schedulerPort}/healthz`);
  apiserver.push('--controller-manager-healthz', `http://127.0.0.1:${s.controllerManagerPort}/healthz`);
  // HTTPS only: without --insecure-port nothing answers unauthenticated.
  if (auth) apiserver.push(...apiserverAuthArgs(auth.credentials, apiserverAddressOf(s), s.port));
  // `k8ts join`: the join token may ask for node certificates, which the cluster CA signs.
  if (auth) apiserver.push(...joinArgs(auth.credentials, bootstrapTokenFile(paths.home)));
  const plan: ComponentPlan[] = [
    ...members.map((m) => ({
      name: m.name,
      verb: 'etcd' as const,
      command: 'etcd',
      args: etcdArgs(m, members),
    })),
    { name: 'apiserver', verb: 'apiserver', args: apiserver },
    {
      name: 'controller-manager',
      verb: 'controller-manager',
      args: ['controller-manager', ...as('controller-manager'), '--cluster-cidr', clusterRangeOf(s)].concat([
        '--port',
        String(s.controllerManagerPort),
      ]),
    },
    {
      name: 'scheduler',
      verb: 'scheduler',
      args: ['scheduler', ...as('scheduler'), '--port', String(s.schedulerPort)],
    },
  ];
  if (options.withDns) {
    const dns = ['dns', ...as('dns'), '--bind-address', dnsAddressOf(s), '--port', '53'];
    dns.push('--cluster-domain', s.clusterDomain, '--health-bind-address', `127.0.0.1:${s.dnsHealthzPort}`);
    plan.push({ name: 'dns', verb: 'dns', args: dns });
  }
  for (const n of nodesOf(s)) {
    const suffix = n.index ? `-${n.index}` : '';
    const home = n.index ? path.join(paths.home, 'nodes', String(n.index)) : paths.home;
    // One dockerd for every node; a kubelet adopts and removes only the containers labelled with its node.
    const socket = dockerdPaths(nodeDockerRoot(paths)).socket;
    const kubelet = ['kubelet', ...(auth ? kubeletAuthArgs(auth.credentials, auth.kubeconfigs, n.name) : [])];
    kubelet.push('--hostname-override', n.name);
    kubelet.push('--docker-endpoint', `unix://${socket}`, '--root-dir', path.join(home, 'kubelet'));
    kubelet.push('--pod-cidr', n.podCidr, '--bridge', s.bridge, '--node-ip', n.ip);
    kubelet.push('--port', String(s.kubeletPort), '--cluster-domain', s.clusterDomain);
    if (options.withDns) kubelet.push('--cluster-dns', clusterDnsIp(s));
    // One node's kubelet writes its hostPort rules in the host: a chain per cluster, so two never share one.
    if (!n.netns) kubelet.push('--hostport-chain', hostPortChainOf(s.bridge));
    plan.push({ name: `kubelet${suffix}`, verb: 'kubelet', node: n.index, netns: n.netns, args: kubelet });
    if (!options.withProxy) continue;
    const proxy = ['proxy', ...as('proxy'), '--proxy-mode', s.proxyMode, '--hostname-override', n.name];
    proxy.push('--service-cluster-ip-range', s.serviceCidr, '--cluster-cidr', clusterRangeOf(s));
    proxy.push('--nodeport-addresses', n.ip, '--healthz-bind-address', `127.0.0.1:${s.proxyHealthzPort}`);
    plan.push({ name: `proxy${suffix}`, verb: 'proxy', node: n.index, netns: n.netns, args: proxy });
  }
  return plan;
}
