// TcpListener: one listening socket (a cluster IP or a node address, at a port) forwarding each client
// connection to a backend. The client is held paused until a backend accepts; a backend that refuses or
// does not answer within the connect timeout is skipped for the next; when none is left the client gets a
// reset at once rather than a hanging connection. Established connections are independent of later
// endpoint changes and survive the listener's close(false).
import net from 'node:net';
import { type ListenerDeps, type ProxyListener, splitHostPort } from './backend';
import { splice } from './splice';

export interface TcpListenerOptions extends ListenerDeps {
  host: string;
  port: number;
  /** How long a backend may take to accept before the next one is tried. */
  connectTimeoutMs: number;
}

const reset = (s: net.Socket) => {
  if (!s.destroyed) s.resetAndDestroy();
};

export class TcpListener implements ProxyListener {
  private readonly connections = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly o: TcpListenerOptions,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on host:port; rejects with the bind error (EADDRINUSE, EADDRNOTAVAIL, EACCES). */
  static listen(o: TcpListenerOptions): Promise<TcpListener> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: o.host, port: o.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (err) =>
          o.log.error({ err: err.message, host: o.host, port: o.port }, 'TCP listener failed'),
        );
        resolve(new TcpListener(server, o));
      });
    });
  }

  close(destroyConnections: boolean): void {
    this.server.close();
    if (destroyConnections) for (const s of this.connections) s.destroy();
  }

  private track(s: net.Socket): void {
    this.connections.add(s);
    s.once('close', () => this.connections.delete(s));
  }

  private accept(client: net.Socket): void {
    this.track(client);
    const clientIP = client.remoteAddress ?? '';
    const tried = new Set<string>();
    let clientGone = false;
    const onClientError = () => client.destroy();
    client.on('error', onClientError);
    client.once('close', () => (clientGone = true));

    const attempt = (): void => {
      if (clientGone) return;
      const endpoint = this.o.pick(clientIP, tried);
      if (!endpoint) {
        this.o.metrics?.rejected.inc({ protocol: 'TCP' });
        this.o.log.debug(
          { service: this.o.servicePort, client: clientIP, tried: [...tried] },
          'no endpoint accepted; reset',
        );
        reset(client);
        return;
      }
      const [host, port] = splitHostPort(endpoint);
      const backend = net.connect({ host, port, allowHalfOpen: true });
      const cancelTimeout = this.o.clock.setTimeout(
        () => backend.destroy(new Error(`connect timeout after ${this.o.connectTimeoutMs} ms`)),
        this.o.connectTimeoutMs,
      );
      // Exactly one of these ends the attempt; each removes the others' listeners.
      const settle = () => {
        cancelTimeout();
        backend.off('error', failed);
        backend.off('connect', connected);
        client.off('close', clientLeft);
      };
      const failed = (err: Error) => {
        settle();
        tried.add(endpoint);
        this.o.log.debug(
          { service: this.o.servicePort, endpoint, err: err.message },
          'endpoint failed; trying the next',
        );
        attempt();
      };
      const clientLeft = () => {
        settle();
        backend.on('error', () => {}); // a late connect error must not go unhandled
        backend.destroy();
      };
      const connected = () => {
        settle();
        client.off('error', onClientError);
        this.splice(client, backend);
      };
      backend.once('error', failed);
      backend.once('connect', connected);
      client.once('close', clientLeft);
    };
    attempt();
  }

  /** Copies both ways (splice.ts) and keeps the connection gauge. */
  private splice(client: net.Socket, backend: net.Socket): void {
    this.track(backend);
    const m = this.o.metrics;
    m?.activeConnections.inc({ protocol: 'TCP' });
    let open = 2;
    const closed = () => {
      if (--open === 0) m?.activeConnections.dec({ protocol: 'TCP' });
    };
    client.once('close', closed);
    backend.once('close', closed);
    splice(client, backend, {
      toBackend: m ? (n) => m.forwarded('TCP', 'to_backend', n) : () => {},
      toClient: m ? (n) => m.forwarded('TCP', 'to_client', n) : () => {},
    });
  }
}
