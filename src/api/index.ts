// api: the wire types (from kubernetes-types), the resource catalogue, the error catalogue, and the
// pure rules every component agrees on — validation, defaulting, quantities and the 2014 manifest.
// Nothing here does I/O; storage, registry, client and the components all build on it.
export * from './errors';
export * from './types';
export * from './resources';
export * from './validation';
export * from './defaults';
export * from './quantity';
export * from './legacy';
export * from './yaml';
