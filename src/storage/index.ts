// storage: the revisioned key-value store under the apiserver. One interface (store.ts), two backends
// (sqlite/: embedded, default; etcd/: distributed), one conformance suite that both pass.
// Only src/registry and src/apiserver may import this folder; a lint rule enforces it.
export * from './store';
