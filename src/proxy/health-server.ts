// The proxy's HTTP endpoints (kube-proxy's --healthz-bind-address), on the shared metrics server of
// src/client/metrics: /healthz answers 200 once rules have been synced and no change is overdue, 503 otherwise
// (with the reason), both with kube-proxy's JSON body; /metrics serves the proxy's own Prometheus registry.
import { type HealthAnswer, type MetricsServer, startMetricsServer } from '../client';
import { type Clock, rfc3339 } from '../util';
import type { ProxyMetrics } from './metrics';
import type { ProxyHealth } from './proxy-server';

export interface HealthServerOptions {
  host: string;
  port: number;
  health: () => ProxyHealth;
  metrics: ProxyMetrics;
  clock: Clock;
}

export type HealthServer = MetricsServer;

function healthz(o: HealthServerOptions): HealthAnswer {
  const h = o.health();
  const body = {
    lastUpdated: h.lastSyncMs === undefined ? '' : rfc3339(h.lastSyncMs),
    currentTime: rfc3339(o.clock.now()),
    ...(h.reason ? { reason: h.reason } : {}),
  };
  return { status: h.healthy ? 200 : 503, contentType: 'application/json', body: JSON.stringify(body) };
}

/** Listens on host:port; rejects with the bind error, naming the address and the flag. */
export function startHealthServer(o: HealthServerOptions): Promise<HealthServer> {
  return startMetricsServer({
    host: o.host,
    port: o.port,
    registry: o.metrics.registry,
    healthz: () => healthz(o),
    flags: '--healthz-bind-address',
  });
}
