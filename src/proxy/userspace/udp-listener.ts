// UdpListener: one UDP socket (a cluster IP or a node address, at a port) forwarding datagrams. Each client
// address (ip:port) is a session with its own upstream socket and backend, chosen once; the backend's
// replies go back through the listening socket, so the client sees them come from the service address.
// A session idle for the idle timeout (both directions count) is closed; its next datagram starts a new one.
// With no endpoints a datagram is dropped — UDP has no reset to send.
import dgram from 'node:dgram';
import { type ListenerDeps, type ProxyListener, splitHostPort } from './backend';

export interface UdpListenerOptions extends ListenerDeps {
  host: string;
  port: number;
  idleTimeoutMs: number;
}

interface Session {
  upstream: dgram.Socket;
  host: string;
  port: number;
  lastActiveMs: number;
  cancelIdle: () => void;
}

export class UdpListener implements ProxyListener {
  private readonly sessions = new Map<string, Session>();

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly o: UdpListenerOptions,
  ) {
    socket.on('message', (msg, from) => this.forward(msg, from));
  }

  /** Binds host:port; rejects with the bind error. */
  static listen(o: UdpListenerOptions): Promise<UdpListener> {
    const socket = dgram.createSocket({ type: 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: o.host, port: o.port, exclusive: true }, () => {
        socket.off('error', reject);
        socket.on('error', (err) =>
          o.log.error({ err: err.message, host: o.host, port: o.port }, 'UDP listener failed'),
        );
        resolve(new UdpListener(socket, o));
      });
    });
  }

  /** UDP has no established connections to keep: sessions always end with the listener. */
  close(): void {
    for (const key of [...this.sessions.keys()]) this.endSession(key);
    this.socket.close();
  }

  private forward(msg: Buffer, from: dgram.RemoteInfo): void {
    const key = `${from.address}:${from.port}`;
    const session = this.sessions.get(key) ?? this.startSession(key, from);
    if (!session) return;
    session.lastActiveMs = this.o.clock.now();
    this.o.metrics?.forwarded('UDP', 'to_backend', msg.length);
    session.upstream.send(msg, session.port, session.host);
  }

  private startSession(key: string, from: dgram.RemoteInfo): Session | undefined {
    const endpoint = this.o.pick(from.address, new Set());
    if (!endpoint) {
      this.o.metrics?.rejected.inc({ protocol: 'UDP' });
      return undefined;
    }
    const [host, port] = splitHostPort(endpoint);
    const upstream = dgram.createSocket({ type: 'udp4' });
    const session: Session = { upstream, host, port, lastActiveMs: this.o.clock.now(), cancelIdle: () => {} };
    upstream.on('message', (reply, r) => {
      if (r.address !== host || r.port !== port) return;
      session.lastActiveMs = this.o.clock.now();
      this.o.metrics?.forwarded('UDP', 'to_client', reply.length);
      this.socket.send(reply, from.port, from.address);
    });
    upstream.on('error', (err) => {
      this.o.log.debug({ service: this.o.servicePort, endpoint, err: err.message }, 'UDP session failed');
      this.endSession(key);
    });
    this.sessions.set(key, session);
    this.o.metrics?.activeConnections.inc({ protocol: 'UDP' });
    this.watchIdle(key, session, this.o.idleTimeoutMs);
    return session;
  }

  /** One timer per session, re-armed for the remainder when traffic came meanwhile (no timer per datagram). */
  private watchIdle(key: string, session: Session, inMs: number): void {
    session.cancelIdle = this.o.clock.setTimeout(() => {
      const idle = this.o.clock.now() - session.lastActiveMs;
      if (idle >= this.o.idleTimeoutMs) this.endSession(key);
      else this.watchIdle(key, session, this.o.idleTimeoutMs - idle);
    }, inMs);
  }

  private endSession(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    session.cancelIdle();
    session.upstream.close();
    this.o.metrics?.activeConnections.dec({ protocol: 'UDP' });
  }
}
