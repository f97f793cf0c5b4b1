// userspace: the proxy mode where the bytes pass through this process. It owns the pure LoadBalancer
// (round robin, ClientIP affinity, skipping refused backends), the TCP and UDP listeners that forward one
// cluster IP or node address each, and UserspaceProxier, which keeps the listeners matching the services.
export { LoadBalancer, type BalancerConfig } from './load-balancer';
export { UserspaceProxier, type UserspaceProxierOptions } from './userspace-proxier';
