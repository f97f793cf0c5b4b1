// kubelet/hollow: many hollow nodes in one process (DESIGN.md §4's fake runtime at scale, like kubemark) —
// real Kubelets on FakeRuntimes sharing one pods informer and one services informer, with made-up node and
// pod addresses that are only ever written into status. `k8ts hollow-nodes` runs a pool; scale and eviction
// tests drive one in-process.
export {
  HollowNodePool,
  DEFAULT_HOLLOW_CAPACITY,
  HOLLOW_RUNTIME_VERSION,
  type HollowNode,
  type HollowNodePoolOptions,
} from './hollow-node-pool';
export { hollowNodeIp, fallbackPodCidr } from './addresses';
export { NodeRangeIps } from './node-range-ips';
