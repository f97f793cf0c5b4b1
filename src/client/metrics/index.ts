// client/metrics: what every component shares to be observed — the small /metrics + /healthz HTTP server
// over the component's own prom-client Registry. The metrics themselves belong to each component (and the
// work queue's to workqueue/).
export * from './metrics-server';
