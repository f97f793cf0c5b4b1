// informer: the client-side cache of cluster state (client-go's tools/cache). Reflector lists and watches;
// Indexer holds frozen objects by "namespace/name" with secondary indexes; SharedInformer tells handlers
// what changed; SharedInformerFactory shares one informer per resource within a process.
export * from './keys';
export * from './indexer';
export * from './reflector';
export * from './shared-informer';
export * from './factory';
export * from './wait-for-cache-sync';
