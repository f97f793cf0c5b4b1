// WatchWriter: puts a watch stream's event lines on the wire cheaply, because the watch cache hands each event
// to every watcher at once and a thousand watchers make a thousand writes of it. Two savings, measured with
// bench/apiserver-fanout.ts: (1) each line is framed as an HTTP/1.1 chunk once per event (shared by every
// stream, see framedLine) and written straight to the socket, skipping res.write's per-call chunk framing,
// corking and next-tick uncorking; (2) the lines a stream is sent in one turn of the event loop are coalesced
// into one socket write, flushed by setImmediate once the turn's I/O callbacks have run: no delay when the
// server is idle, and when it is busy (events queued behind each other) fewer, larger writes on its own.
// A response not attached to its socket yet (a pipelined request still queued behind another) falls back to
// res.write, which frames and orders it itself.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const CRLF = Buffer.from('\r\n');

/** An event line and the same bytes framed as one HTTP/1.1 chunk (hex length, CRLF, line, CRLF). */
export interface FramedLine {
  chunk: Buffer;
  line: Buffer;
}

export function framedLine(text: string): FramedLine {
  const body = Buffer.from(text);
  const head = Buffer.from(`${body.length.toString(16)}\r\n`);
  const chunk = Buffer.concat([head, body, CRLF]);
  return { chunk, line: chunk.subarray(head.length, chunk.length - CRLF.length) };
}

/** Writers holding chunks, flushed together at the end of this event-loop turn. */
let dirty: WatchWriter[] = [];

function flushAll(): void {
  const writers = dirty;
  dirty = [];
  for (const w of writers) w.flush();
}

export class WatchWriter {
  private socket?: Socket;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly res: ServerResponse) {}

  /**
   * Call once the headers are flushed: from then on chunks go straight to the socket if the headers are
   * already there (nothing of this response is left buffered in it).
   */
  start(): void {
    const socket = this.res.socket;
    if (socket && !socket.destroyed && this.res.writableLength === socket.writableLength)
      this.socket = socket;
  }

  write(framed: FramedLine): void {
    if (!this.socket) {
      this.res.write(framed.line);
      return;
    }
    if (this.pending.length === 0 && dirty.push(this) === 1) setImmediate(flushAll);
    this.pending.push(framed.chunk);
    this.pendingBytes += framed.chunk.length;
  }

  /** Bytes written to this stream that the client has not taken yet. */
  get unread(): number {
    return this.socket ? this.socket.writableLength + this.pendingBytes : this.res.writableLength;
  }

  /** Writes what is pending now (before res.end(), so the last chunk follows every event). */
  flush(): void {
    if (this.pending.length === 0) return;
    const out = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.socket && !this.socket.destroyed) this.socket.write(out);
  }
}
