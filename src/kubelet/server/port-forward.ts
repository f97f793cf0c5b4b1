// The portforward.k8s.io protocol on one SPDY session, as the kubelet speaks it. For each local connection
// kubectl opens two streams with the same `requestID` header: `streamType: error` (which it half-closes at once and
// reads to the end) and `streamType: data`, both with the remote `port`. Once both are here we connect to the pod
// at that port and pipe bytes both ways; a failed connection becomes a message on the error stream (kubectl prints
// it), then both streams are closed. Streams whose partner does not come within the timeout are given up.
import type { Duplex } from 'node:stream';
import { RST, type SpdyStream } from './spdy';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export interface PortForwardTarget {
  namespace: string;
  name: string;
  uid: string;
  podIp: string;
}

/** Opens a TCP connection to the pod; emits 'connect', or 'error' when it cannot. */
export type Dial = (host: string, port: number) => Duplex;

interface Pair {
  port: number;
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** How long the second stream of a pair may take (the kubelet's default stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;

export class PortForwardStreams {
  private readonly pairs = new Map<string, Pair>();
  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly target: PortForwardTarget,
    private readonly dial: Dial,
    private readonly pairTimeoutMs = PAIR_TIMEOUT_MS,
  ) {}

  /** The session's onStream. */
  accept(stream: SpdyStream): void {
    const { port: portText = '', streamtype: type = '' } = stream.headers;
    const port = /^\d+$/.test(portText) ? Number(portText) : 0;
    if (port < 1 || port > 65535 || (type !== 'error' && type !== 'data'))
      return stream.reset(RST.refusedStream);
    void stream.reply().catch(() => undefined);
    if (type === 'error') stream.resume(); // kubectl sends nothing on it but its FIN
    const requestId = this.requestId(stream, type);
    let pair = this.pairs.get(requestId);
    if (!pair) {
      pair = { port, timer: setTimeout(() => this.expire(requestId), this.pairTimeoutMs) };
      pair.timer.unref();
      this.pairs.set(requestId, pair);
    }
    if (pair[type]) {
      const message = `error processing stream for request ${requestId}: ${type} stream already assigned`;
      stream.reset();
      return void pair.error?.write(message);
    }
    pair[type] = stream;
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      this.pairs.delete(requestId);
      this.forward(pair.port, pair.error, pair.data);
    }
  }

  /** Ends every forwarded connection (the session is going away). */
  close(): void {
    for (const pair of this.pairs.values()) clearTimeout(pair.timer);
    this.pairs.clear();
    for (const socket of this.sockets) socket.destroy();
  }

  /** Clients older than requestID used consecutive stream ids: error n, data n+2 (as the kubelet guesses). */
  private requestId(stream: SpdyStream, type: string): string {
    const id = stream.headers.requestid;
    if (id) return id;
    return String(type === 'error' ? stream.id : stream.id - 2);
  }

  private expire(requestId: string): void {
    const pair = this.pairs.get(requestId);
    if (!pair) return;
    this.pairs.delete(requestId);
    pair.error?.end(`(request=${requestId}) timed out waiting for streams`);
    pair.data?.reset();
  }

  private forward(port: number, errorStream: SpdyStream, data: SpdyStream): void {
    const { name, uid, podIp } = this.target;
    // Real Kubernetes enters the pod's network namespace and dials localhost, so a server bound to 127.0.0.1 in
    // the pod is reachable too. The kubelet here runs in the node's network, where the pod IP is routable
    // (cbr0), so it dials the pod IP: servers that listen only on the pod's localhost are out of reach.
    const socket = this.dial(podIp, port);
    this.sockets.add(socket);
    let reported = false;
    const finish = (err?: Error) => {
      if (err && !reported) {
        reported = true;
        errorStream.write(`error forwarding port ${port} to pod ${name}, uid ${uid}: ${err.message}`);
      }
      if (!data.destroyed && !data.writableEnded) data.end();
      if (!errorStream.destroyed && !errorStream.writableEnded) errorStream.end();
    };
    socket.once('connect', () => {
      data.pipe(socket);
      socket.pipe(data);
    });
    socket.on('error', (e: Error) => finish(e));
    socket.on('close', () => {
      this.sockets.delete(socket);
      finish();
    });
    // kubectl resets the data stream when its side is done or gone: stop talking to the pod.
    data.on('close', () => {
      if (!socket.readableEnded) socket.destroy();
    });
  }
}
