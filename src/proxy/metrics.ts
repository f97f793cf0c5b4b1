// ProxyMetrics: the proxy's Prometheus metrics, in a registry of its own (never prom-client's global one,
// so two proxies in one test process, or a proxy beside another component, do not collide).
// Forwarded bytes are counted per read on the data path, so they are summed in plain numbers there and
// added to the counter when it is read (a scrape), never one labelled increment per chunk.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

type Direction = 'to_backend' | 'to_client';

export class ProxyMetrics {
  readonly registry = new Registry();
  /** Bytes forwarded since the last read of `bytes`, by "protocol direction". */
  private readonly unreported = new Map<string, number>();
  readonly syncs = new Counter({
    name: 'k8ts_proxy_sync_total',
    help: 'Rule syncs of the data plane, by result (ok, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly syncSeconds = new Histogram({
    name: 'k8ts_proxy_sync_duration_seconds',
    help: 'Time one sync of the data plane took.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly servicePorts = new Gauge({
    name: 'k8ts_proxy_service_ports',
    help: 'Service ports served after the last successful sync.',
    registers: [this.registry],
  });
  readonly activeConnections = new Gauge({
    name: 'k8ts_proxy_active_connections',
    help: 'Client connections (UDP: client sessions) being forwarded now, by protocol.',
    labelNames: ['protocol'] as const,
    registers: [this.registry],
  });
  readonly bytes = new Counter({
    name: 'k8ts_proxy_forwarded_bytes_total',
    help: 'Bytes forwarded by the userspace proxy, by protocol and direction (to_backend, to_client).',
    labelNames: ['protocol', 'direction'] as const,
    registers: [this.registry],
    collect: () => this.report(),
  });
  readonly rejected = new Counter({
    name: 'k8ts_proxy_rejected_connections_total',
    help: 'Client connections turned away because no endpoint accepted them, by protocol.',
    labelNames: ['protocol'] as const,
    registers: [this.registry],
  });

  /** Counts forwarded bytes; cheap enough for every read (see the header). */
  forwarded(protocol: 'TCP' | 'UDP', direction: Direction, n: number): void {
    const key = `${protocol} ${direction}`;
    this.unreported.set(key, (this.unreported.get(key) ?? 0) + n);
  }

  private report(): void {
    for (const [key, n] of this.unreported) {
      const [protocol, direction] = key.split(' ') as [string, string];
      this.bytes.inc({ protocol, direction }, n);
    }
    this.unreported.clear();
  }
}
