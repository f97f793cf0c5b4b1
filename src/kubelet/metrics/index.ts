// kubelet/metrics: what the kubelet reports at /metrics — KubeletMetrics (its registry and series) and
// instrumentRuntime, the Runtime wrapper that times every container operation.
export { KubeletMetrics } from './kubelet-metrics';
export { instrumentRuntime } from './instrumented-runtime';
