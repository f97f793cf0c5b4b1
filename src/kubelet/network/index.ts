// kubelet/network owns single-node pod networking: the node bridge (`cbr0`) holding the pod range's gateway,
// one veth pair per pod sandbox (pod end `eth0` inside the sandbox's netns, host end on the bridge), and the
// allocator of pod IPs from the node's podCIDR, persisted under the kubelet root. Nothing here adds NAT or
// routes off the machine. The runtime drives it through the NetworkPlugin interface.
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
export { execRunner, RecordingRunner, CommandError, type CommandRunner } from './command-runner';
