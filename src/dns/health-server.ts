// startHealthServer: the DNS server's HTTP side port. GET /healthz is 200 "ok" once the service and endpoints
// caches have synced (503 before: an empty cache would answer NXDOMAIN for every service), GET /metrics is the
// Prometheus text of DnsMetrics' registry. Anything else is 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  address: string;
  /** 0 picks a free port. */
  port: number;
  registry: Registry;
  synced: () => boolean;
}

export interface HealthServer {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://dns').pathname;
    const text = (code: number, body: string) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, `${req.method} is not supported\n`);
    if (path === '/healthz')
      return options.synced()
        ? text(200, 'ok')
        : text(503, 'services and endpoints caches have not synced yet\n');
    if (path === '/metrics') {
      options.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(body);
        },
        (err: Error) => text(500, `${err.message}\n`),
      );
      return;
    }
    text(404, `${path} not found: try /healthz or /metrics\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    address,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
