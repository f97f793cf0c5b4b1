// The proxy's HTTP endpoints (kube-proxy's --healthz-bind-address): /healthz answers 200 once rules have
// been synced and no change is overdue, 503 otherwise (with the reason), both with kube-proxy's JSON body;
// /metrics serves the proxy's own Prometheus registry.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface HealthServer {
  /** "host:port" actually bound (port 0 picks one). */
  readonly address: string;
  close(): Promise<void>;
}

function healthz(o: HealthServerOptions, res: http.ServerResponse): void {
  const h = o.health();
  const body = {
    lastUpdated: h.lastSyncMs === undefined ? '' : rfc3339(h.lastSyncMs),
    currentTime: rfc3339(o.clock.now()),
    ...(h.reason ? { reason: h.reason } : {}),
  };
  res.writeHead(h.healthy ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function metrics(o: HealthServerOptions, res: http.ServerResponse): Promise<void> {
  const text = await o.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': o.metrics.registry.contentType });
  res.end(text);
}

/** Listens on host:port; rejects with the bind error. */
export function startHealthServer(o: HealthServerOptions): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      healthz(o, res);
    } else if (path === '/metrics') {
      metrics(o, res).catch((err: Error) => res.writeHead(500).end(err.message));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({
        address: `${a.address}:${a.port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
