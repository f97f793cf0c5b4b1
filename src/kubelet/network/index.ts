// kubelet/network owns single-node pod networking: the node bridge (`cbr0`) holding the pod range's gateway,
// one veth pair per pod sandbox (pod end `eth0` inside the sandbox's netns, host end on the bridge), and the
// allocator of pod IPs from the node's podCIDR, persisted under the kubelet root. The runtime drives it through
// the NetworkPlugin interface. It also owns what a pod sees of the network from inside: its resolv.conf
// (dnsPolicy, --cluster-dns) and /etc/hosts, rendered here and written by the runtime; and hostPorts, DNAT on
// the node address into pods, in nat chains of our own. Nothing here routes or NATs traffic off the machine.
// IPv4/CIDR arithmetic itself lives in src/util (parseCidr, parseIPv4, …); here only the pod range's rules.
export { IpAllocator, IpRangeFullError, gatewayOf, POD_CIDR, type IpLease } from './ip-allocator';
export { ensureBridge, teardownBridge, linkExists, type BridgeConfig } from './bridge';
export { setUpPod, tearDownPod, type PodNetworkSpec } from './pod-network';
export {
  BridgeNetworkPlugin,
  FakeNetworkPlugin,
  hostVethName,
  type NetworkPlugin,
  type PodNetworkRequest,
  type BridgeNetworkOptions,
} from './network-plugin';
export {
  execRunner,
  hostRunner,
  RecordingRunner,
  CommandError,
  isNotFound,
  type CommandRunner,
} from './command-runner';
export {
  podDnsConfig,
  parseResolvConf,
  renderResolvConf,
  type DnsConfig,
  type ClusterDnsSettings,
} from './dns-config';
export { renderEtcHosts, podHostname } from './etc-hosts';
export {
  hostPortsOf,
  renderHostPortRules,
  parseHostPortRules,
  jumpRules,
  masqChainOf,
  DEFAULT_HOSTPORT_CHAIN,
  type HostPortMapping,
  type HostPortProtocol,
  type PodHostPorts,
  type HostPortChains,
} from './hostport-rules';
export {
  HostPortManager,
  HostPortConflictError,
  removeHostPortChains,
  type HostPortManagerOptions,
} from './hostport-manager';
