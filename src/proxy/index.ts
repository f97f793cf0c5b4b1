// proxy: the per-node service proxy (kube-proxy). It owns the watch loop (ProxyServer: informers on services
// and endpoints → debounce → Proxier.sync with the whole state, retried with back-off, one log line per rule
// change), the Proxier contract (proxier.ts) and its data planes — userspace/ (forwarding through this
// process, with the service range made local by LocalServiceRoute) and iptables/ (kernel DNAT) — plus the
// healthz/metrics server. Like every component it reaches the cluster only through src/client.
export type { Proxier, SyncOptions } from './proxier';
export { ProxyServer, type ProxyServerOptions, type ProxyHealth } from './proxy-server';
export { ProxyMetrics } from './metrics';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server';
export { LocalServiceRoute } from './local-route';
export {
  type CommandRunner,
  type RecordedCommand,
  CommandError,
  RecordingRunner,
  execRunner,
  hostRunner,
  netnsRunner,
} from '../util/command-runner';
export { FakeProxier, type RecordedSync } from './fake-proxier';
export { servicePorts, type ServicePortInfo, type Protocol } from './service-ports';
export { ruleChanges, describeChange, type RuleChange } from './rule-changes';
export { UserspaceProxier, type UserspaceProxierOptions, LoadBalancer } from './userspace';
