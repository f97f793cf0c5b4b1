// splice: copies one TCP connection's bytes both ways between a client and a backend socket, the userspace
// proxy's hot path. Each direction reads into one buffer of its own, reused for every read (what net.Socket's
// `onread` does), and writes the bytes read straight to the other socket: no allocation, readable stream or
// callback per chunk — about half the CPU per byte of `pipe` (1 GiB through the proxy on loopback: 0.75 s of
// CPU against 1.4–1.7 s), for 2 × 64 KiB held per open connection. A direction that moves bulk data (a read
// filled its whole buffer) swaps it once for a bigger one: a sixth less proxy CPU per GiB, paid only by busy
// connections. A buffer is read into again only once the kernel has taken its bytes: when a write cannot
// complete at once, the source stops reading until it has, which is also the backpressure. A half-close is
// passed on as one; an error on either side resets the other.
import type net from 'node:net';

/** Bytes read per system call at most, per direction and connection, until it moves bulk data. */
export const SPLICE_BUFFER_BYTES = 64 * 1024;
/**
 * The buffer of a direction once one read filled SPLICE_BUFFER_BYTES. Measured with `npm run bench proxy`
 * (1 GiB through one connection, pod → node → pod on veths, 2 cores): 64 KiB throughout costs the proxy
 * 0.92–0.94 CPU-s per GiB, growing to 256 KiB 0.75–0.80 (medians of 4–11 runs); a fixed 1 MiB buffer did no
 * better (0.77). Only busy directions hold it; the kernel's buffers of such a connection grow to megabytes.
 */
export const SPLICE_BULK_BUFFER_BYTES = 256 * 1024;

const EMPTY = Buffer.alloc(0);
/** What a read callback returns: false stops reading until resume(). */
type OnRead = (n: number, buf: Buffer) => boolean;

/** Node's own private keys of a socket's user buffer (what the `onread` option sets), found by name. */
interface UserBufferKeys {
  buffer: symbol;
  callback: symbol;
  generator: symbol;
}

function userBufferKeys(s: net.Socket): UserBufferKeys | undefined {
  const byName = new Map(Object.getOwnPropertySymbols(s).map((k) => [k.description, k]));
  const [buffer, callback, generator] = ['kBuffer', 'kBufferCb', 'kBufferGen'].map((n) => byName.get(n));
  return buffer && callback && generator ? { buffer, callback, generator } : undefined;
}

/**
 * Makes a socket that is not reading yet (paused on accept, or connected and not yet read) read into `buf` and
 * hand each read to `onRead` — what `onread` does for sockets Node creates for us, which accepted sockets
 * cannot ask for. The returned function makes the reads after the current one go to another buffer (what
 * `onread.buffer` as a function does); the caller keeps the old one alive while a write still holds it.
 * Returns undefined, changing nothing, when this Node does not keep the user buffer where expected; the
 * caller then copies with streams.
 */
export function readIntoBuffer(
  s: net.Socket,
  buf: Buffer,
  onRead: OnRead,
): ((next: Buffer) => void) | undefined {
  const handle = (s as unknown as { _handle?: { useUserBuffer?: (b: Uint8Array) => void } })._handle;
  const keys = userBufferKeys(s);
  if (!keys || typeof handle?.useUserBuffer !== 'function') return undefined;
  const slots = s as unknown as Record<symbol, unknown>;
  slots[keys.buffer] = buf;
  slots[keys.callback] = onRead;
  slots[keys.generator] = null;
  handle.useUserBuffer(buf);
  // Node asks the generator, after each read, for the buffer of the next; a one-shot one costs nothing after.
  return (next) => {
    slots[keys.generator] = () => {
      slots[keys.generator] = null;
      return next;
    };
  };
}

export interface SpliceHooks {
  /** Called with each read's size, client → backend and backend → client. */
  toBackend(n: number): void;
  toClient(n: number): void;
}

/** One direction: src's reads written to dst, src stopped while a write of its buffer is still pending. */
function forward(src: net.Socket, dst: net.Socket, count: (n: number) => void): boolean {
  const resume = (err?: Error | null) => {
    if (!err && !src.destroyed) src.resume();
  };
  // `buf` is the buffer this read went into: the small one, or the bulk one after a full read.
  const onRead: OnRead = (n, buf) => {
    count(n);
    // A pending write keeps the small buffer alive; the next read goes to the bulk one either way.
    if (n === SPLICE_BUFFER_BYTES && buf.length === SPLICE_BUFFER_BYTES)
      grow!(Buffer.allocUnsafe(SPLICE_BULK_BUFFER_BYTES));
    dst.write(n === buf.length ? buf : buf.subarray(0, n));
    // A write the kernel took at once leaves nothing queued, and buf is free for the next read.
    if (dst.writableLength === 0) return true;
    // Otherwise buf is still being written: read again once it is. The callback of an empty write comes after
    // every write before it is done — one callback per stall instead of one (and a tick) per chunk.
    dst.write(EMPTY, resume);
    return false;
  };
  // Set before the first read: reading starts only at resume() below.
  const grow = readIntoBuffer(src, Buffer.allocUnsafe(SPLICE_BUFFER_BYTES), onRead);
  if (!grow) return false;
  src.on('end', () => dst.end());
  src.resume(); // flowing, so 'end' is emitted; the bytes themselves only ever reach onRead
  return true;
}

/** The same with streams, for a Node that keeps its user buffer elsewhere. */
function pipeForward(src: net.Socket, dst: net.Socket, count: (n: number) => void): void {
  src.on('data', (b: Buffer) => count(b.length));
  src.pipe(dst);
}

const reset = (s: net.Socket) => {
  if (!s.destroyed) s.resetAndDestroy();
};

/**
 * Copies both ways until both sides end. Both sockets must be connected and not reading yet (the client
 * paused since accept, the backend just connected, neither with 'data' listeners).
 */
export function splice(client: net.Socket, backend: net.Socket, hooks: SpliceHooks): void {
  client.on('error', () => reset(backend));
  backend.on('error', () => reset(client));
  if (!forward(client, backend, hooks.toBackend)) pipeForward(client, backend, hooks.toBackend);
  if (!forward(backend, client, hooks.toClient)) pipeForward(backend, client, hooks.toClient);
}
