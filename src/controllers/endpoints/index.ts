// endpoints: the endpoints controller's decisions, pure. For a service it computes the Endpoints the
// proxies route to — selected pods' IPs, ready ones as addresses and the rest as notReadyAddresses, named
// target ports resolved per pod, subsets packed in Kubernetes' canonical order (endpointsFor,
// repackSubsets) — and whether the stored object already says so (endpointsEqual), so the loop writes
// only on change. Services without a selector are left to their users.
export { endpointsFor, endpointsEqual, endpointsObject } from './endpoints-for';
export { findPort } from './find-port';
export { repackSubsets } from './repack';
