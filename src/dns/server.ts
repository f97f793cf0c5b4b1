// startDnsServer: the DNS wire on UDP and TCP (RFC 1035 §4.2, RFC 7766) in front of answerMessage(). Both listen
// on one address and port; with port 0 UDP takes a free port and TCP the same one. The sockets are Node's own,
// and only dns2's Packet codec is used, because its transports hand every datagram to a parser that a crafted
// header keeps busy for seconds (see wire.ts). Nothing a peer sends can stop the server: what is not a query is
// dropped and counted, a TCP stream that breaks framing is closed, a response that fails to send is logged.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../util';
import { DnsMetrics, type Transport } from './metrics';
import type { Resolve } from './respond';
import { answerMessage, MAX_QUERY_BYTES } from './wire';

export interface DnsServerOptions {
  resolve: Resolve;
  address: string;
  /** 0 picks a free port. */
  port: number;
  metrics?: DnsMetrics;
  log?: Logger;
  /** A monotonic timer in milliseconds, for the latency histogram only. */
  now?: () => number;
  /** An idle TCP connection is closed after this long (RFC 7766 §6.2.3 suggests seconds). Default 10 s. */
  tcpIdleMs?: number;
}

export interface DnsServer {
  readonly address: string;
  readonly port: number;
  /** Stops listening and drops open TCP connections. Idempotent. */
  close(): Promise<void>;
}

function bindUdp(udp: UdpSocket, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, address, () => {
      udp.off('error', reject);
      resolve(udp.address().port);
    });
  });
}

function listenTcp(tcp: Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, address, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
}

/** Calls onMessage for each length-prefixed message (RFC 1035 §4.2.2); an oversized frame closes the stream. */
function readFrames(socket: Socket, onMessage: (message: Buffer) => void, onBadFrame: () => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0);
      if (length > MAX_QUERY_BYTES) {
        onBadFrame();
        socket.destroy();
        return;
      }
      if (buffered.length < 2 + length) return;
      onMessage(buffered.subarray(2, 2 + length));
      buffered = buffered.subarray(2 + length);
    }
  });
}

export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const metrics = options.metrics ?? new DnsMetrics();
  const now = options.now ?? (() => performance.now());
  const log = options.log;

  /** The bytes to send for one message, with its metrics taken; undefined to stay silent. */
  const handle = (data: Buffer, transport: Transport): Buffer | undefined => {
    const started = now();
    let answered;
    try {
      answered = answerMessage(data, options.resolve, transport);
    } catch (err) {
      log?.error({ err: (err as Error).message, transport }, 'DNS message could not be answered');
    }
    if (!answered?.reply) metrics.rejected(transport);
    else metrics.answered(transport, answered.reply.qtype, answered.reply.rcode, (now() - started) / 1000);
    return answered?.bytes;
  };

  const openSockets = async (port: number) => {
    const udp = createSocket(isIPv6(options.address) ? 'udp6' : 'udp4');
    const tcp = createServer();
    try {
      const bound = await bindUdp(udp, port, options.address);
      await listenTcp(tcp, bound, options.address);
      return { udp, tcp, port: bound };
    } catch (err) {
      udp.close();
      tcp.close();
      throw err;
    }
  };
  // With port 0 the free UDP port may be taken for TCP; a few fresh picks settle it.
  let opened: Awaited<ReturnType<typeof openSockets>> | undefined;
  for (let attempt = 0; !opened; attempt++) {
    try {
      opened = await openSockets(options.port);
    } catch (err) {
      if (options.port !== 0 || attempt >= 4 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE')
        throw err;
    }
  }
  const { udp, tcp, port } = opened;

  udp.on('message', (data, peer) => {
    const bytes = handle(data, 'udp');
    if (bytes)
      udp.send(bytes, peer.port, peer.address, (err) => {
        if (err) log?.debug({ err: err.message, peer: peer.address }, 'DNS response not sent');
      });
  });
  udp.on('error', (err) => log?.error({ err: err.message }, 'DNS UDP socket error'));

  const connections = new Set<Socket>();
  tcp.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(options.tcpIdleMs ?? 10_000, () => socket.destroy());
    readFrames(
      socket,
      (message) => {
        const bytes = handle(message, 'tcp');
        if (!bytes) return;
        const length = Buffer.alloc(2);
        length.writeUInt16BE(bytes.length);
        if (socket.writable) socket.write(Buffer.concat([length, bytes]));
      },
      () => metrics.rejected('tcp'),
    );
  });
  tcp.on('error', (err) => log?.error({ err: err.message }, 'DNS TCP listener error'));

  let closed: Promise<void> | undefined;
  return {
    address: (tcp.address() as AddressInfo).address,
    port,
    close() {
      closed ??= Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => {
          tcp.close(() => resolve());
          for (const s of connections) s.destroy();
        }),
      ]).then(() => undefined);
      return closed;
    },
  };
}
