// Test helpers for the proxy on loopback: backends that say who they are, clients that read the answer,
// free ports, and Service/Endpoints objects. Only 127.0.0.0/8 is ever used.
import dgram from 'node:dgram';
import net from 'node:net';
import type { Endpoints, Service } from '../../api/types';

export interface Backend {
  name: string;
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that greets each connection with "<name>\n", then echoes. */
export async function tcpBackend(name: string): Promise<Backend> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.write(`${name}\n`);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    name,
    port,
    endpoint: `127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A UDP server on 127.0.0.1 answering each datagram with "<name>:<datagram>". */
export async function udpBackend(name: string): Promise<Backend> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (m, r) => socket.send(`${name}:${String(m)}`, r.port, r.address));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const port = socket.address().port;
  return {
    name,
    port,
    endpoint: `127.0.0.1:${port}`,
    close: () => new Promise((r) => socket.close(() => r())),
  };
}

/** A port free on host right now (bound and released), e.g. for a service port or a refusing endpoint. */
export async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** An open TCP connection and the first line it received (the backend's name). */
export async function connect(host: string, port: number): Promise<{ socket: net.Socket; name: string }> {
  const socket = net.connect({ host, port });
  const name = await new Promise<string>((resolve, reject) => {
    let buf = '';
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(buf)}`)));
    socket.on('data', (d) => {
      buf += String(d);
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
  });
  socket.removeAllListeners('close');
  socket.removeAllListeners('data');
  return { socket, name };
}

/** The backend name one new connection reaches; the connection is closed again. */
export async function reach(host: string, port: number): Promise<string> {
  const { socket, name } = await connect(host, port);
  socket.destroy();
  return name;
}

/** Writes text and reads back as many bytes (the backend echoes). */
export function echo(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += String(d);
      if (buf.length >= text.length) {
        socket.off('data', onData);
        resolve(buf);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(text);
  });
}

export function service(
  name: string,
  clusterIP: string,
  ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP'; nodePort?: number }[],
  extra: Partial<NonNullable<Service['spec']>> = {},
): Service {
  return {
    metadata: { name, namespace: 'default' },
    spec: { clusterIP, ports: ports.map((p) => ({ protocol: 'TCP', ...p })), ...extra },
  };
}

export function endpoints(
  name: string,
  ports: { name?: string; protocol?: 'TCP' | 'UDP' }[],
  backends: readonly (Backend | string)[],
): Endpoints {
  const byPort = new Map<number, string[]>();
  for (const b of backends) {
    const ep = typeof b === 'string' ? b : b.endpoint;
    const i = ep.lastIndexOf(':');
    const port = Number(ep.slice(i + 1));
    byPort.set(port, [...(byPort.get(port) ?? []), ep.slice(0, i)]);
  }
  return {
    metadata: { name, namespace: 'default' },
    subsets: [...byPort].map(([port, ips]) => ({
      addresses: ips.map((ip) => ({ ip })),
      ports: ports.map((p) => ({ name: p.name, port, protocol: p.protocol ?? 'TCP' })),
    })),
  };
}
