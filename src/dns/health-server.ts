// startHealthServer: the DNS server's HTTP side port, on the shared metrics server of src/client/metrics.
// GET /healthz is 200 "ok" once the service and endpoints caches have synced (503 before: an empty cache would
// answer NXDOMAIN for every service), GET /metrics is the Prometheus text of DnsMetrics' registry.
import type { Registry } from 'prom-client';
import { type MetricsServer, startMetricsServer } from '../client';

export interface HealthServerOptions {
  address: string;
  /** 0 picks a free port. */
  port: number;
  registry: Registry;
  synced: () => boolean;
}

export type HealthServer = MetricsServer;

/** Listens on address:port; rejects with the bind error, naming the address and the flag. */
export function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  return startMetricsServer({
    host: options.address,
    port: options.port,
    registry: options.registry,
    healthz: () =>
      options.synced()
        ? { status: 200, body: 'ok' }
        : { status: 503, body: 'services and endpoints caches have not synced yet\n' },
    flags: '--health-bind-address',
  });
}
