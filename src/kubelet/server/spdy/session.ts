// SpdySession: the server side of one SPDY/3.1 connection over any byte Duplex (a raw upgraded socket, or a
// WebSocket tunnel's stream). It accepts the peer's streams (odd ids), hands each to onStream (which must reply()
// or reset() it), answers PINGs, honours SETTINGS and GOAWAY, and does flow control:
// - receiving: as a stream's reader consumes data we send WINDOW_UPDATE for that stream and for the session
//   (3.1's stream 0), so a peer that respects windows never stalls; a reader that stops reading pauses the
//   transport (TCP back-pressure), as moby/spdystream does by blocking its frame loop.
// - sending: windows start at 64 KiB and are always counted, but only enforced once the peer shows it does flow
//   control by sending SETTINGS or WINDOW_UPDATE. moby/spdystream (kubectl, kubelet) sends neither and never opens
//   a window, so a strict sender would stall after 64 KiB; that peer needs the transport's back-pressure only.
// Frames are written in one ordered queue, because header blocks share one zlib context and DATA must follow
// SYN_REPLY. A malformed frame ends the session with GOAWAY PROTOCOL_ERROR (the byte stream is lost then).
import type { Duplex } from 'node:stream';
import { encodeFrame, GOAWAY, INITIAL_WINDOW, RST, SETTING, type Frame } from './frames';
import { FrameParser } from './frame-parser';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block';
import { SpdyStream, type StreamOwner } from './stream';

/** DATA frames we send carry at most this much (kubectl's own io.Copy uses 32 KiB pieces). */
const MAX_DATA = 32 * 1024;

export interface SpdySessionOptions {
  /** A new stream from the peer; call stream.reply() to accept it or stream.reset() to refuse it. */
  onStream(stream: SpdyStream): void;
  /** Why the session ended badly (protocol errors); for the component's log. */
  onError?(message: string): void;
}

export class SpdySession implements StreamOwner {
  readonly closed: Promise<void>;
  private readonly streams = new Map<number, SpdyStream>();
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private out: Promise<void> = Promise.resolve();
  private pumping = false;
  private lastRemoteId = 0;
  private goneAway = false;
  private ended = false;
  private flowControl = false;
  private initialSendWindow = INITIAL_WINDOW;
  private sessionSendWindow = INITIAL_WINDOW;
  private sessionUnacked = 0;
  private readonly unacked = new Map<number, number>();
  private readonly blocked = new Set<SpdyStream>();
  private windowWaiters: (() => void)[] = [];
  private markClosed!: () => void;

  constructor(
    private readonly transport: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    transport.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      void this.pump();
    });
    transport.on('end', () => this.shutdown());
    transport.on('close', () => this.shutdown());
    transport.on('error', () => this.shutdown());
  }

  /** Sends GOAWAY, resets open streams and closes the transport. */
  close(): void {
    if (this.ended) return;
    void this.enqueue(() =>
      this.write({ type: 'goaway', lastGoodStreamId: this.lastRemoteId, status: GOAWAY.ok }),
    )
      .catch(() => {})
      .then(() => this.shutdown());
  }

  get openStreams(): number {
    return this.streams.size;
  }

  // ---- StreamOwner ----

  sendReply(stream: SpdyStream, headers: SpdyHeaders): Promise<void> {
    return this.enqueue(async () => {
      const headerBlock = await this.compressor.compress(headers);
      this.write({ type: 'synReply', streamId: stream.id, fin: false, headerBlock });
    });
  }

  async sendData(stream: SpdyStream, data: Buffer, fin: boolean): Promise<void> {
    let at = 0;
    do {
      if (this.ended) throw new Error('SPDY connection closed');
      if (this.flowControl && data.length > 0) await this.windowOpen(stream);
      if (stream.destroyed) throw new Error(`stream ${stream.id} was reset`); // nothing more may be sent on it
      const room = this.flowControl ? Math.min(stream.sendWindow, this.sessionSendWindow) : MAX_DATA;
      const piece = data.subarray(at, at + Math.min(MAX_DATA, Math.max(room, 0)));
      at += piece.length;
      stream.sendWindow -= piece.length;
      this.sessionSendWindow -= piece.length;
      const last = fin && at >= data.length;
      await this.enqueue(() => this.write({ type: 'data', streamId: stream.id, fin: last, data: piece }));
      await this.drained();
    } while (at < data.length);
  }

  sendReset(stream: SpdyStream, status: number): void {
    void this.enqueue(() => this.write({ type: 'rstStream', streamId: stream.id, status })).catch(() => {});
  }

  consumed(stream: SpdyStream, bytes: number): void {
    this.blocked.delete(stream);
    const owed = (this.unacked.get(stream.id) ?? 0) + bytes;
    this.sessionUnacked += bytes;
    const half = INITIAL_WINDOW / 2;
    if (owed >= half && this.streams.has(stream.id)) {
      this.unacked.set(stream.id, 0);
      void this.enqueue(() => this.write({ type: 'windowUpdate', streamId: stream.id, delta: owed })).catch(
        () => {},
      );
    } else this.unacked.set(stream.id, owed);
    if (this.sessionUnacked >= half) {
      const delta = this.sessionUnacked;
      this.sessionUnacked = 0;
      void this.enqueue(() => this.write({ type: 'windowUpdate', streamId: 0, delta })).catch(() => {});
    }
    this.resumeIfIdle();
  }

  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
    this.unacked.delete(stream.id);
    this.blocked.delete(stream);
    this.resumeIfIdle();
  }

  // ---- reading ----

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.parser.next(); next && !this.ended; next = this.parser.next()) {
        if ('error' in next) return this.fail(next.error);
        await this.handle(next.frame);
      }
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    } finally {
      this.pumping = false;
    }
  }

  private async handle(frame: Frame): Promise<void> {
    switch (frame.type) {
      case 'synStream': {
        const headers = await this.decompressor.decompress(frame.headerBlock);
        return this.open(frame.streamId, headers, frame.fin, frame.unidirectional);
      }
      case 'synReply':
      case 'headers': {
        // Decompressed even though unused: the next block continues this one's zlib stream.
        await this.decompressor.decompress(frame.headerBlock);
        if (frame.fin) this.streams.get(frame.streamId)?.receiveFin();
        return;
      }
      case 'data':
        return this.data(frame.streamId, frame.data, frame.fin);
      case 'rstStream':
        return this.streams.get(frame.streamId)?.receiveReset();
      case 'settings':
        for (const e of frame.entries) if (e.id === SETTING.initialWindowSize) this.setInitialWindow(e.value);
        this.flowControl = true;
        return this.wake();
      case 'ping':
        // Our (server) pings would be even; an odd id is the peer's and is echoed.
        if (frame.id % 2 === 1) this.enqueue(() => this.write(frame)).catch(() => {});
        return;
      case 'goaway':
        this.goneAway = true;
        return;
      case 'windowUpdate':
        this.flowControl = true;
        if (frame.streamId === 0) this.sessionSendWindow += frame.delta;
        else {
          const s = this.streams.get(frame.streamId);
          if (s) s.sendWindow += frame.delta;
        }
        return this.wake();
      case 'unknown':
        return; // SPDY: ignore control frames of unknown types
    }
  }

  private open(id: number, headers: SpdyHeaders, fin: boolean, unidirectional: boolean): void {
    const status =
      id % 2 === 0 || id <= this.lastRemoteId ? RST.protocolError : this.goneAway ? RST.refusedStream : 0;
    if (status) {
      this.enqueue(() => this.write({ type: 'rstStream', streamId: id, status })).catch(() => {});
      return;
    }
    this.lastRemoteId = id;
    const stream = new SpdyStream(this, id, headers, this.initialSendWindow);
    this.streams.set(id, stream);
    stream.on('error', () => {}); // a reset mid-write is not an error of the session
    if (fin) stream.receiveFin();
    if (unidirectional) stream.markLocalDone();
    this.options.onStream(stream);
  }

  private data(id: number, data: Buffer, fin: boolean): void {
    const stream = this.streams.get(id);
    if (!stream) {
      // Late frames for a stream we closed are normal; frames for one never opened are the peer's mistake.
      if (id > this.lastRemoteId)
        this.enqueue(() => this.write({ type: 'rstStream', streamId: id, status: RST.invalidStream })).catch(
          () => {},
        );
      return;
    }
    if (data.length) {
      stream.receive(data);
      if (stream.readableLength >= stream.readableHighWaterMark) {
        this.blocked.add(stream);
        this.transport.pause();
      }
    }
    if (fin) stream.receiveFin();
  }

  private setInitialWindow(value: number): void {
    const delta = value - this.initialSendWindow;
    this.initialSendWindow = value;
    for (const s of this.streams.values()) s.sendWindow += delta;
  }

  private resumeIfIdle(): void {
    if (!this.ended && this.blocked.size === 0) this.transport.resume();
  }

  // ---- writing ----

  private enqueue(task: () => void | Promise<void>): Promise<void> {
    const run = this.out.then(task);
    this.out = run.catch(() => {});
    return run;
  }

  private write(frame: Frame): void {
    if (this.ended || this.transport.destroyed || !this.transport.writable) return;
    this.transport.write(encodeFrame(frame));
  }

  /** Resolves once the transport can take more (or is gone). */
  private drained(): Promise<void> {
    if (!this.transport.writableNeedDrain || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.transport.off('drain', done);
        this.transport.off('close', done);
        resolve();
      };
      this.transport.on('drain', done);
      this.transport.on('close', done);
    });
  }

  private windowOpen(stream: SpdyStream): Promise<void> {
    if (stream.sendWindow > 0 && this.sessionSendWindow > 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.windowWaiters.push(resolve)).then(() =>
      this.ended || stream.destroyed ? undefined : this.windowOpen(stream),
    );
  }

  private wake(): void {
    const waiters = this.windowWaiters;
    this.windowWaiters = [];
    waiters.forEach((w) => w());
  }

  // ---- ending ----

  private fail(message: string): void {
    if (this.ended) return;
    this.options.onError?.(message);
    // Written directly: queued frames may wait on a header compression that no longer matters.
    this.write({ type: 'goaway', lastGoodStreamId: this.lastRemoteId, status: GOAWAY.protocolError });
    this.shutdown();
  }

  private shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    for (const s of [...this.streams.values()]) s.receiveReset();
    this.streams.clear();
    this.wake();
    this.transport.end(() => this.transport.destroy());
    this.compressor.close();
    this.decompressor.close();
    this.markClosed();
  }
}
