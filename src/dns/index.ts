// dns: the cluster DNS add-on (Kubernetes' kube-dns). It reaches the cluster only through src/client, like the
// proxy: informers on services and endpoints fill two caches, and ClusterResolver answers every question from
// them as a pure function — `<svc>.<ns>.svc.<domain>` → the cluster IP (headless: the ready endpoint addresses),
// `<host>.<svc>.<ns>.svc.<domain>`, SRV `_<port>._<proto>.<svc>...` for named ports, PTR for cluster IPs; TTL 5 s.
// Unknown names in the domain are NXDOMAIN at once; names outside it are REFUSED, because there is no upstream
// (nodes have no network and pods must not leave the machine). The server (UDP and TCP on one port) screens each
// header before dns2 parses the question, answers with its own linear encoder, drops what is not a query and
// never answers a response; /healthz and /metrics are on a side HTTP port.
// Flow: pod's resolv.conf → UDP/TCP → wire (screen, dns2 parse) → respond → ClusterResolver → IndexerCatalog
// ← informers ← apiserver; the answer goes back through encodeMessage.
export { type ServiceCatalog, IndexerCatalog } from './catalog';
export {
  normalizeName,
  parseClusterDomain,
  parseName,
  reverseName,
  dashedIp,
  type ParsedName,
} from './names';
export {
  QTYPE,
  RCODE,
  DNS_TTL_SECONDS,
  qtypeName,
  type DnsAnswer,
  type DnsRecord,
  type QTypeName,
  type RcodeName,
} from './records';
export { ClusterResolver, type ResolverOptions } from './resolver';
export { respond, bareResponse, type Reply, type Resolve } from './respond';
export { encodeMessage, type ResponseMessage, type Question } from './encode';
export { answerMessage, screen, MAX_QUERY_BYTES, type WireReply } from './wire';
export { DnsMetrics, type Transport } from './metrics';
export { startDnsServer, type DnsServer, type DnsServerOptions } from './server';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server';
export { startClusterDns, type ClusterDns, type ClusterDnsOptions } from './cluster-dns';

/** The defaults of `k8ts dns`. Port 53 because resolv.conf cannot name another; health beside it on loopback. */
export const DNS_DEFAULTS = {
  bindAddress: '127.0.0.1',
  port: 53,
  clusterDomain: 'cluster.local',
  healthBindAddress: '127.0.0.1:8081',
} as const;
