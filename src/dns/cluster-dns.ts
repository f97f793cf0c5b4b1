// startClusterDns: the whole add-on in one call — informers on services and endpoints (src/client), the
// ClusterResolver over their caches, the DNS server, and the health port. It listens at once; until both caches
// have listed, every question gets SERVFAIL (resolvers retry) rather than NXDOMAIN from an
// empty cache, which they would believe and cache.
import type { Endpoints, Service } from '../api/types';
import { type ListWatchClient, SharedInformerFactory } from '../client';
import { type Clock, type Logger, realClock } from '../util';
import { IndexerCatalog } from './catalog';
import { startHealthServer, type HealthServer } from './health-server';
import { DnsMetrics } from './metrics';
import type { DnsAnswer } from './records';
import { ClusterResolver } from './resolver';
import { startDnsServer } from './server';

export interface ClusterDnsOptions {
  client: ListWatchClient;
  /** Normalised (parseClusterDomain). */
  domain: string;
  bindAddress: string;
  /** 0 picks a free port (UDP and TCP alike). */
  port: number;
  /** The /healthz and /metrics port; none when unset. */
  health?: { address: string; port: number };
  clock?: Clock;
  log?: Logger;
}

export interface ClusterDns {
  readonly port: number;
  readonly address: string;
  readonly healthPort?: number;
  readonly metrics: DnsMetrics;
  synced(): boolean;
  whenSynced(): Promise<void>;
  /** Stops the listeners and the informers. Idempotent. */
  close(): Promise<void>;
}

const notSynced: DnsAnswer = {
  rcode: 'SERVFAIL',
  authoritative: false,
  answers: [],
  authorities: [],
  additionals: [],
};

export async function startClusterDns(options: ClusterDnsOptions): Promise<ClusterDns> {
  const { log } = options;
  const factory = new SharedInformerFactory(options.client, { clock: options.clock ?? realClock, log });
  const services = factory.informerFor<Service>('services');
  const endpoints = factory.informerFor<Endpoints>('endpoints');
  const resolver = new ClusterResolver(new IndexerCatalog(services.indexer, endpoints.indexer), {
    domain: options.domain,
  });
  const synced = () => services.hasSynced() && endpoints.hasSynced();
  const metrics = new DnsMetrics();
  factory.start();

  let health: HealthServer | undefined;
  const dns = await startDnsServer({
    address: options.bindAddress,
    port: options.port,
    metrics,
    log,
    resolve: (name, qtype) => (synced() ? resolver.resolve(name, qtype) : notSynced),
  }).catch((err: unknown) => {
    factory.stop();
    throw err;
  });
  try {
    if (options.health)
      health = await startHealthServer({ ...options.health, registry: metrics.registry, synced });
  } catch (err) {
    factory.stop();
    await dns.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    port: dns.port,
    address: dns.address,
    healthPort: health?.port,
    metrics,
    synced,
    whenSynced: async () => {
      await Promise.all([services.whenSynced(), endpoints.whenSynced()]);
    },
    close() {
      closing ??= (async () => {
        factory.stop();
        await Promise.all([dns.close(), health?.close()]);
      })();
      return closing;
    },
  };
}
