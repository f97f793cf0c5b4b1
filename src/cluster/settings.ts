// The settings of one local cluster, kept in $K8TS_HOME/cluster.json so that `down`, `status` and a second
// `up` act on what the first `up` made (its bridges, namespaces, ranges, ports), not on today's defaults.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultNodeName } from '../kubelet/config/hostname';
import { parseCidr } from '../util';
import type { ClusterPaths } from './paths';

export type ProxyMode = 'userspace' | 'iptables';
export type StoreKind = 'sqlite' | 'etcd';

export interface ClusterSettings {
  /** The apiserver's secure (HTTPS) port: on the node bridge gateway with one node, on the host bridge address
   * with more. There is no insecure port. */
  port: number;
  /** The node bridge; `cbr0` in production, a name of their own in tests. Every node has its own. */
  bridge: string;
  /** One node: the node's pod range; the bridge holds its first address, which is also the node's InternalIP. */
  podCidr: string;
  /** One node: its name. Several: node i is `<nodeName>-<i>`. */
  nodeName: string;
  kubeletPort: number;
  /** 1: kubelet and proxy in the host network namespace. More: one network namespace per node (DESIGN.md §5). */
  nodes: number;
  /** The "VM network" bridge joining the node namespaces; the host holds nodeCidr's first address. */
  hostBridge: string;
  /** The "VM network": host at .1, node i at .(10+i). */
  nodeCidr: string;
  /** Pod ranges: node i gets the i-th /24 (with several nodes). */
  clusterCidr: string;
  /** Service cluster IPs. */
  serviceCidr: string;
  /** Node i's network namespace is `<netnsPrefix><i>`. */
  netnsPrefix: string;
  proxyMode: ProxyMode;
  /** The proxy's /healthz on 127.0.0.1 (its own loopback in each node namespace). */
  proxyHealthzPort: number;
  /** The scheduler's and controller-manager's /metrics and /healthz on 127.0.0.1 of the host. */
  schedulerPort: number;
  controllerManagerPort: number;
  /** The cluster DNS server's /healthz and /metrics on 127.0.0.1 of the host. */
  dnsHealthzPort: number;
  /** The domain cluster DNS answers for; pods search `<ns>.svc.<domain>`. */
  clusterDomain: string;
  /** The apiserver's store: embedded SQLite under data/, or etcd. */
  store: StoreKind;
  /** With store etcd and no etcdServers: how many local members `up` runs on loopback (1, 3, 5 or 7). */
  etcdMembers: number;
  /** With store etcd: comma-separated client URLs of an existing cluster; `up` then starts no etcd. */
  etcdServers: string;
  /** Local member i (1-based) serves clients on 127.0.0.1:<etcdPort + 2(i-1)>, peers on the port after. */
  etcdPort: number;
  /** The admin password's file (kubecfg's ~/.kubernetes_auth); '' means that default. Tests give a temp file. */
  authFile: string;
  /** The control plane (and cluster DNS) as containers on our dockerd instead of host processes. */
  componentsInDocker: boolean;
}

export const DEFAULT_SETTINGS: Omit<ClusterSettings, 'nodeName'> = {
  port: 6443,
  bridge: 'cbr0',
  podCidr: '10.244.0.0/24',
  kubeletPort: 10250,
  nodes: 1,
  hostBridge: 'k8ts0',
  nodeCidr: '10.240.0.0/24',
  clusterCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/16',
  netnsPrefix: 'k8ts-node-',
  proxyMode: 'userspace',
  proxyHealthzPort: 10256,
  schedulerPort: 10251,
  controllerManagerPort: 10252,
  dnsHealthzPort: 8081,
  clusterDomain: 'cluster.local',
  store: 'sqlite',
  etcdMembers: 1,
  etcdServers: '',
  etcdPort: 2379,
  authFile: '',
  componentsInDocker: false,
};

function settingsFile(paths: ClusterPaths): string {
  return path.join(paths.home, 'cluster.json');
}

/** The saved settings, or undefined when `up` never ran with this home. Fields added since it was saved get
 * their defaults (a cluster made before multi-node support is a one-node cluster). */
export function loadSettings(paths: ClusterPaths): ClusterSettings | undefined {
  const file = settingsFile(paths);
  if (!existsSync(file)) return undefined;
  return { ...DEFAULT_SETTINGS, ...(JSON.parse(readFileSync(file, 'utf8')) as ClusterSettings) };
}

export function saveSettings(paths: ClusterPaths, settings: ClusterSettings): void {
  mkdirSync(paths.home, { recursive: true });
  writeFileSync(settingsFile(paths), `${JSON.stringify(settings, null, 2)}\n`);
}

const PORTS = [
  'port',
  'kubeletPort',
  'proxyHealthzPort',
  'dnsHealthzPort',
  'schedulerPort',
  'controllerManagerPort',
] as const;
const LINK_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Flags win over what was saved, which wins over the defaults. Invalid values are refused before anything starts. */
export function resolveSettings(
  flags: Partial<ClusterSettings>,
  saved: ClusterSettings | undefined,
): ClusterSettings {
  const s: ClusterSettings = {
    ...DEFAULT_SETTINGS,
    ...saved,
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
    nodeName: defaultNodeName({ override: flags.nodeName ?? saved?.nodeName }),
  };
  for (const key of PORTS) {
    if (!Number.isInteger(s[key]) || s[key] < 1 || s[key] > 65535)
      throw new Error(`invalid ${key} ${JSON.stringify(s[key])}: want a port from 1 to 65535`);
  }
  if (!LINK_NAME.test(s.bridge))
    throw new Error(`invalid bridge name ${JSON.stringify(s.bridge)}: at most 15 letters, digits, . _ -`);
  // Host veths are named `<hostBridge>-<i>`, so the bridge name leaves room for the node number.
  if (!/^[A-Za-z0-9_.-]{1,11}$/.test(s.hostBridge))
    throw new Error(
      `invalid host bridge name ${JSON.stringify(s.hostBridge)}: at most 11 letters, digits, . _ -`,
    );
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(s.netnsPrefix))
    throw new Error(`invalid netns prefix ${JSON.stringify(s.netnsPrefix)}: letters, digits, . _ -`);
  if (s.proxyMode !== 'userspace' && s.proxyMode !== 'iptables')
    throw new Error(`invalid proxy mode ${JSON.stringify(s.proxyMode)}: want userspace or iptables`);
  if (!DOMAIN.test(s.clusterDomain))
    throw new Error(
      `invalid cluster domain ${JSON.stringify(s.clusterDomain)}: want DNS labels such as cluster.local`,
    );
  checkStore(s);
  if (typeof s.componentsInDocker !== 'boolean')
    throw new Error(`invalid componentsInDocker ${JSON.stringify(s.componentsInDocker)}: want true or false`);
  // Saved in cluster.json and read by later runs from any directory.
  if (s.authFile && !path.isAbsolute(s.authFile))
    throw new Error(`invalid auth file ${JSON.stringify(s.authFile)}: want an absolute path`);
  parseCidr(s.podCidr, { what: '--pod-cidr', minPrefix: 8, maxPrefix: 30, exact: true });
  parseCidr(s.serviceCidr, { what: '--service-cidr', minPrefix: 8, maxPrefix: 28, exact: true });
  const nodeNet = parseCidr(s.nodeCidr, { what: '--node-cidr', minPrefix: 8, maxPrefix: 26, exact: true });
  const cluster = parseCidr(s.clusterCidr, {
    what: '--cluster-cidr',
    minPrefix: 8,
    maxPrefix: 23,
    exact: true,
  });
  // Node i lives at .(10+i) of the node network and owns the i-th /24 of the cluster range (index 0 unused).
  const maxNodes = Math.min(nodeNet.size - 12, cluster.size / 256 - 1, 999);
  if (!Number.isInteger(s.nodes) || s.nodes < 1 || s.nodes > maxNodes)
    throw new Error(
      `invalid nodes ${JSON.stringify(s.nodes)}: want 1 to ${maxNodes} for node network ${s.nodeCidr} and cluster range ${s.clusterCidr}`,
    );
  return s;
}

function checkStore(s: ClusterSettings): void {
  if (s.store !== 'sqlite' && s.store !== 'etcd')
    throw new Error(`invalid store ${JSON.stringify(s.store)}: want sqlite or etcd`);
  if (![1, 3, 5, 7].includes(s.etcdMembers))
    throw new Error(`invalid etcd members ${JSON.stringify(s.etcdMembers)}: want 1, 3, 5 or 7`);
  if (!Number.isInteger(s.etcdPort) || s.etcdPort < 1 || s.etcdPort + 2 * s.etcdMembers - 1 > 65535)
    throw new Error(
      `invalid etcd port ${JSON.stringify(s.etcdPort)}: want a port such that ${2 * s.etcdMembers} ports from it are at most 65535`,
    );
  if (s.store === 'sqlite' && (s.etcdServers || s.etcdMembers !== 1))
    throw new Error('--etcd-servers and --etcd-members need --store etcd');
  for (const url of s.etcdServers ? s.etcdServers.split(',') : []) {
    if (!/^https?:\/\/[^\s/,]+(:\d+)?\/?$/.test(url))
      throw new Error(
        `invalid etcd server ${JSON.stringify(url)}: want a client URL such as http://10.0.0.5:2379`,
      );
  }
  if (s.etcdServers && s.etcdMembers !== 1)
    throw new Error('--etcd-members starts a local etcd; with --etcd-servers none is started');
}
