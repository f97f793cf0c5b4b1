import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readIntoBuffer, splice, SPLICE_BUFFER_BYTES, SPLICE_BULK_BUFFER_BYTES } from './splice';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );

/**
 * A proxy on loopback that splices each connection to `backendPort`, the sockets it holds, and the byte
 * counts it was told about. The far end is whatever the test runs on backendPort.
 */
async function proxyTo(backendPort: number) {
  const counted = { toBackend: 0, toClient: 0 };
  /** The largest single read each way. */
  const largest = { toBackend: 0, toClient: 0 };
  const held: { client?: net.Socket; backend?: net.Socket } = {};
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    held.client = client;
    const backend = net.connect({ host: '127.0.0.1', port: backendPort, allowHalfOpen: true });
    held.backend = backend;
    backend.once('connect', () =>
      splice(client, backend, {
        toBackend: (n) => {
          counted.toBackend += n;
          largest.toBackend = Math.max(largest.toBackend, n);
        },
        toClient: (n) => {
          counted.toClient += n;
          largest.toClient = Math.max(largest.toClient, n);
        },
      }),
    );
  });
  const port = await listen(server);
  cleanups.push(() => {
    held.client?.destroy();
    held.backend?.destroy();
    server.close();
  });
  return { port, counted, largest, held };
}

async function farEnd(onConnection: (s: net.Socket) => void) {
  const server = net.createServer({ allowHalfOpen: true }, onConnection);
  const port = await listen(server);
  cleanups.push(() => server.close());
  return port;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function readAll(s: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    s.on('end', () => resolve(Buffer.concat(chunks)));
    s.on('error', reject);
  });
}

describe('splice', () => {
  it('reads into its own buffer on this Node, for accepted and connected sockets alike', async () => {
    const port = await farEnd((s) => s.end());
    const accepted = new Promise<net.Socket>((resolve) => {
      const server = net.createServer({ pauseOnConnect: true }, resolve);
      cleanups.push(() => server.close());
      void listen(server).then((p) => net.connect(p, '127.0.0.1').on('error', () => {}));
    });
    const s = await accepted;
    cleanups.push(() => s.destroy());
    expect(readIntoBuffer(s, Buffer.alloc(16), () => true)).toBeTypeOf('function');
    const c = net.connect(port, '127.0.0.1');
    cleanups.push(() => c.destroy());
    await new Promise((r) => c.once('connect', r));
    expect(readIntoBuffer(c, Buffer.alloc(16), () => true)).toBeTypeOf('function');
  });

  it('carries many buffers’ worth of bytes both ways unchanged, and passes a half-close on', async () => {
    const up = randomBytes(8 * SPLICE_BUFFER_BYTES + 123);
    const down = randomBytes(3 * SPLICE_BUFFER_BYTES + 7);
    let received: Promise<Buffer> | undefined;
    const backendPort = await farEnd((s) => {
      // Answers only after the client's end arrived: the half-close went through and the way back is open.
      received = readAll(s);
      void received.then(() => s.end(down));
    });
    const { port, counted } = await proxyTo(backendPort);
    const client = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const reply = readAll(client);
    client.end(up);
    expect(sha(await reply)).toBe(sha(down));
    expect(sha(await received!)).toBe(sha(up));
    expect(counted).toEqual({ toBackend: up.length, toClient: down.length });
  });

  it('reads a direction that moves bulk data into a bigger buffer, more than the small one at a time', async () => {
    const up = randomBytes(64 * SPLICE_BUFFER_BYTES);
    const down = Buffer.from('done\n');
    let received: Promise<Buffer> | undefined;
    const backendPort = await farEnd((s) => {
      received = readAll(s);
      void received.then(() => s.end(down));
    });
    const { port, largest } = await proxyTo(backendPort);
    const client = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const reply = readAll(client);
    // Written at once, so the proxy finds more queued than one small buffer holds: its reads fill buffers.
    client.end(up);
    expect(String(await reply)).toBe('done\n');
    expect(sha(await received!)).toBe(sha(up));
    expect(largest.toBackend).toBeGreaterThan(SPLICE_BUFFER_BYTES);
    expect(largest.toBackend).toBeLessThanOrEqual(SPLICE_BULK_BUFFER_BYTES);
    expect(largest.toClient).toBe(down.length);
  });

  it('stops reading while the far side does not read, holding at most one buffer, and loses nothing', async () => {
    const data = randomBytes(64 * SPLICE_BUFFER_BYTES);
    let far: net.Socket | undefined;
    const connected = new Promise<void>((resolve) => {
      void farEnd((s) => {
        far = s;
        s.pause();
        resolve();
      }).then(start);
    });
    let proxy: Awaited<ReturnType<typeof proxyTo>> | undefined;
    let client: net.Socket | undefined;
    async function start(backendPort: number) {
      proxy = await proxyTo(backendPort);
      client = net.connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
      client.end(data);
    }
    await connected;
    // Wait (bounded) until the proxy has a write to the backend that the kernel could not take at once.
    const backlog = () => proxy?.held.backend?.writableLength ?? 0;
    for (let i = 0; i < 20_000 && backlog() === 0; i++) await new Promise((r) => setImmediate(r));
    expect(backlog()).toBeGreaterThan(0);
    expect(backlog()).toBeLessThanOrEqual(SPLICE_BULK_BUFFER_BYTES);
    const got = readAll(far!);
    far!.resume();
    expect(sha(await got)).toBe(sha(data));
    expect(client).toBeDefined();
  });

  it('a backend that resets resets the client', async () => {
    const backendPort = await farEnd((s) => s.once('data', () => s.resetAndDestroy()));
    const { port } = await proxyTo(backendPort);
    const client = net.connect({ host: '127.0.0.1', port });
    client.write('hello');
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => client.once('error', resolve));
    expect(err.code).toBe('ECONNRESET');
  });
});
