// client: the only way k8ts components reach the cluster (DESIGN.md §1). It owns the ClientInterface
// contract and its two implementations — KubeClient (REST + chunked watch over HTTP(S), kubeconfig loading,
// keep-alive, errors as StatusErrors) and FakeClient (in memory, records actions, for tests) — and the
// client-go machinery built on that contract: RetryWatcher (a watch that resumes), informers (Reflector →
// frozen Indexer → handlers, shared per resource by SharedInformerFactory) and the rate-limited WorkQueue
// with runWorkers (and its metrics). Controllers are shaped: informer → key → queue → sync(key) reading from
// the cache. Every component also takes from here the EventRecorder (record/) that writes v1 Events, counting
// repeats, and the /metrics + /healthz server (metrics/) over its own prom-client Registry.
// It imports only util, labels, watch and api; never storage, registry or apiserver.
export * from './interface';
export { ClientBase } from './client-base';
export { loadKubeconfig, type ClientConfig, type Kubeconfig } from './config';
export { KubeClient, PATCH_CONTENT_TYPES } from './rest-client';
export { RetryWatcher, type RetryWatcherDeps } from './retry-watcher';
export * from './informer';
export * from './workqueue';
export * from './fake';
export * from './metrics';
export * from './record';
