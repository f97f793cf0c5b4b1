// registry: everything between the HTTP layer and storage. One GenericStore serves every kind, with a small
// Strategy per kind (strategies/); subresources (status, binding, scale, finalize) reuse it. Watches are
// served from one WatchCache per resource. Services get cluster IPs and node ports from CAS-persisted allocators, and an
// in-process NamespaceCleaner empties and removes namespaces being deleted. rest.ts is the contract with
// src/apiserver; createRegistry is the one way to build it.
export * from './rest';
export { createRegistry, type K8tsRegistry, type RegistryOptions } from './create-registry';
export { GenericStore } from './generic-store';
export type { Strategy } from './strategy';
export { IpAllocator, SERVICE_IPS_KEY } from './ip-allocator';
export {
  DEFAULT_NODE_PORT_RANGE,
  parsePortRange,
  PortAllocator,
  SERVICE_NODE_PORTS_KEY,
} from './port-allocator';
export { IMMORTAL_NAMESPACES } from './strategies/namespaces';
