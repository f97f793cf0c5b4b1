// workqueue: where controllers park the keys of objects that need a sync (client-go's workqueue). Handlers
// only enqueue keys; workers (runWorkers) process each key one at a time, retrying failures with back-off.
// WorkQueueMetrics is imported from './metrics' directly, so that only components that serve metrics load
// prom-client.
export * from './rate-limiter';
export * from './work-queue';
export * from './run-workers';
