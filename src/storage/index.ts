// storage: the revisioned key-value store under the apiserver. One interface (store.ts), two backends
// (sqlite/: embedded, default; etcd/: distributed), one conformance suite that both pass (conformance.ts,
// imported by tests only). Only src/registry and src/apiserver may import this folder; a lint rule enforces it.
export * from './store';
export * from './sqlite';
export * from './etcd';
export { openStore, type StoreConfig } from './open-store';
export { startAutoCompactor, type AutoCompactorOptions } from './auto-compactor';
