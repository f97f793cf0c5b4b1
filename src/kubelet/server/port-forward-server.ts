// /portForward/{ns}/{pod}: the kubelet's port-forward endpoint, reached through the apiserver's pods/portforward.
// Two ways in, one SPDY session either way:
// - WebSocket with subprotocol `SPDY/3.1+portforward.k8s.io` (kubectl ≥ 1.30's default): SPDY frames travel as
//   a byte stream inside binary WebSocket messages;
// - `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version: portforward.k8s.io` (the fallback, and
//   KUBECTL_PORT_FORWARD_WEBSOCKETS=false): 101 Switching Protocols, then raw SPDY on the socket.
// Anything wrong before the switch is an HTTP Status response, which kubectl shows.
import type { IncomingMessage } from 'node:http';
import { createConnection } from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { errors, StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import type { Runtime } from '../runtime/runtime';
import { refuseUpgrade } from './channel-session';
import { PORT_FORWARD_PROTOCOL, PortForwardStreams, type Dial, type PortForwardTarget } from './port-forward';
import { SpdySession } from './spdy';

export const PORT_FORWARD_WEBSOCKET_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;

/** What port-forward needs of the kubelet. */
export interface PortForwardKubelet {
  podByName(namespace: string, name: string): Pod | undefined;
  readonly runtime: Partial<Pick<Runtime, 'getPodStatus'>>;
}

/** The pod named by `<ns>/<pod>` path segments and its IP, or a Status saying why it cannot be forwarded to. */
export async function portForwardTarget(
  kubelet: PortForwardKubelet,
  segments: readonly string[],
): Promise<PortForwardTarget | StatusError> {
  const [namespace, name] = segments.map((s) => decodeURIComponent(s));
  if (!namespace || !name || segments.length !== 2) return errors.notFound('paths', segments.join('/'));
  const uid = kubelet.podByName(namespace, name)?.metadata?.uid;
  if (!uid) return errors.notFound('pods', name);
  const status = await kubelet.runtime.getPodStatus?.(uid);
  if (!status?.podIp || !status.sandboxReady)
    return errors.badRequest(`pod ${name} has no network yet: it cannot be forwarded to`);
  return { namespace, name, uid, podIp: status.podIp };
}

const dialTcp: Dial = (host, port) => createConnection({ host, port });

function headerList(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export class PortForwardServer {
  private readonly sessions = new Set<SpdySession>();
  private readonly wss = new WebSocketServer({ noServer: true });
  /** Requests whose 101 must name the tunnelling subprotocol (see websocket()). */
  private readonly tunnelling = new WeakSet<IncomingMessage>();

  constructor(
    private readonly kubelet: PortForwardKubelet,
    private readonly dial: Dial = dialTcp,
  ) {
    this.wss.on('headers', (headers, req) => {
      if (this.tunnelling.has(req))
        headers.push(`Sec-WebSocket-Protocol: ${PORT_FORWARD_WEBSOCKET_PROTOCOL}`);
    });
  }

  /** Completes the upgrade and serves the session, or answers with a Status. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, segments: readonly string[]): void {
    portForwardTarget(this.kubelet, segments)
      .then((target) => {
        if (target instanceof StatusError) return refuseUpgrade(socket, target);
        const upgrade = (req.headers.upgrade ?? '').toLowerCase();
        if (upgrade === 'websocket') return this.websocket(req, socket, head, target);
        if (upgrade === 'spdy/3.1') return this.spdy(req, socket, head, target);
        refuseUpgrade(
          socket,
          errors.badRequest(`unsupported upgrade ${JSON.stringify(req.headers.upgrade)}`),
        );
      })
      .catch((e: unknown) =>
        refuseUpgrade(socket, errors.internal(e instanceof Error ? e.message : String(e))),
      );
  }

  /** Ends every session and forwarded connection. */
  close(): void {
    for (const session of this.sessions) session.close();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private websocket(req: IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget): void {
    const offered = headerList(req.headers['sec-websocket-protocol']);
    if (!offered.includes(PORT_FORWARD_WEBSOCKET_PROTOCOL))
      return refuseUpgrade(
        socket,
        errors.badRequest(
          `unable to upgrade: no tunneling spdy protocols provided (offered ${JSON.stringify(offered)}, want ${PORT_FORWARD_WEBSOCKET_PROTOCOL})`,
        ),
      );
    // `ws` refuses this subprotocol: '/' is not a token character (RFC 6455 wants tokens; Kubernetes uses it
    // anyway). So the offer is taken off the request before ws sees it, and the answer added to the 101 here.
    delete req.headers['sec-websocket-protocol'];
    this.tunnelling.add(req);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(createWebSocketStream(ws), target));
  }

  private spdy(req: IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget): void {
    const offered = headerList(req.headers['x-stream-protocol-version']);
    if (!offered.includes(PORT_FORWARD_PROTOCOL))
      return refuseUpgrade(
        socket,
        new StatusError(
          403,
          'Forbidden',
          `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server accepts ["${PORT_FORWARD_PROTOCOL}"]`,
        ),
      );
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\n' +
        'Connection: Upgrade\r\n' +
        'Upgrade: SPDY/3.1\r\n' +
        `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
    );
    if (head.length) socket.unshift(head);
    this.serve(socket, target);
  }

  private serve(transport: Duplex, target: PortForwardTarget): void {
    const streams = new PortForwardStreams(target, this.dial);
    const session = new SpdySession(transport, { onStream: (s) => streams.accept(s) });
    this.sessions.add(session);
    void session.closed.then(() => {
      this.sessions.delete(session);
      streams.close();
    });
  }
}
