// startMetricsServer: a component's own small HTTP port (kube-scheduler's 10251, kube-controller-manager's
// 10252, kube-proxy's 10256, the cluster DNS's health port): GET /metrics serves the component's Prometheus
// registry, GET /healthz answers "ok" (200) or the reason it is not healthy (500), or whatever answer the
// component gives (kube-proxy's JSON with 503). Components bind it to 127.0.0.1 by default, as Kubernetes of
// 2014 did, since neither path is authenticated.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What GET /healthz answers. */
export interface HealthAnswer {
  status: number;
  body: string;
  /** Default text/plain. */
  contentType?: string;
}

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  registry: Registry;
  /** Undefined when healthy, else why not (answered with 500). Default: always healthy. */
  unhealthy?: () => string | undefined;
  /** The whole /healthz answer, for a component with its own body or code; replaces `unhealthy`. */
  healthz?: () => HealthAnswer;
  /** Which flags choose the address, for the bind error. Default: `--port (0 picks a free one) or --bind-address`. */
  flags?: string;
}

export interface MetricsServer {
  /** "host:port" actually bound. */
  readonly address: string;
  /** The port actually bound (port 0 picks one). */
  readonly port: number;
  close(): Promise<void>;
}

function healthAnswer(o: MetricsServerOptions): HealthAnswer {
  if (o.healthz) return o.healthz();
  const reason = o.unhealthy?.();
  return { status: reason ? 500 : 200, body: reason ?? 'ok' };
}

async function serve(o: MetricsServerOptions, req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
  } else if (path === '/healthz') {
    const h = healthAnswer(o);
    res.writeHead(h.status, { 'content-type': h.contentType ?? 'text/plain' }).end(h.body);
  } else if (path === '/metrics') {
    const text = await o.registry.metrics();
    res.writeHead(200, { 'content-type': o.registry.contentType }).end(text);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  }
}

/** Listens on host:port; rejects with the bind error (EADDRINUSE, say), naming the address and the flags. */
export function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    serve(o, req, res).catch((err: Error) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
    });
  });
  const flags = o.flags ?? '--port (0 picks a free one) or --bind-address';
  return new Promise((resolve, reject) => {
    server.once('error', (err: Error) =>
      reject(
        new Error(
          `cannot serve /metrics and /healthz on ${o.host}:${o.port} (${err.message}): choose another ${flags}`,
        ),
      ),
    );
    server.listen(o.port, o.host, () => {
      server.removeAllListeners('error');
      const a = server.address() as AddressInfo;
      resolve({
        address: `${a.address}:${a.port}`,
        port: a.port,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
