// A scripted SPDY client for tests: it sits on the other end of an in-memory duplex pair from a SpdySession,
// writes frames (compressing header blocks with its own zlib context, as a real peer does) and records every
// frame the session sends, with header blocks decoded.
import { Duplex } from 'node:stream';
import { encodeFrame, type Frame } from './frames';
import { FrameParser } from './frame-parser';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block';

export type Received = Frame & { headers?: SpdyHeaders };

/** One end of an in-memory connection: what it is written, the other end reads; destroying one closes both. */
class End extends Duplex {
  other!: End;

  override _read(): void {}

  override _write(chunk: Buffer, _e: BufferEncoding, callback: () => void): void {
    this.other.push(chunk);
    callback();
  }

  override _final(callback: () => void): void {
    this.other.push(null);
    callback();
  }

  override _destroy(err: Error | null, callback: (e: Error | null) => void): void {
    if (!this.other.destroyed) this.other.destroy();
    callback(err);
  }
}

/** Two connected Duplexes: what one writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  const a = new End();
  const b = new End();
  a.other = b;
  b.other = a;
  return [a, b];
}

export class SpdyTestClient {
  readonly received: Received[] = [];
  ended = false;
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private chain: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];

  constructor(readonly wire: Duplex) {
    wire.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      this.chain = this.chain.then(() => this.drain());
    });
    wire.on('end', () => {
      this.ended = true;
      this.notify();
    });
    wire.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  send(frame: Frame): void {
    this.wire.write(encodeFrame(frame));
  }

  async synStream(streamId: number, headers: SpdyHeaders, fin = false): Promise<void> {
    const headerBlock = await this.compressor.compress(headers);
    this.send({
      type: 'synStream',
      streamId,
      associatedTo: 0,
      priority: 0,
      slot: 0,
      fin,
      unidirectional: false,
      headerBlock,
    });
  }

  data(streamId: number, data: Buffer | string, fin = false): void {
    this.send({ type: 'data', streamId, fin, data: Buffer.from(data) });
  }

  /** Everything received on a stream so far, as one buffer. */
  dataOf(streamId: number): Buffer {
    return Buffer.concat(
      this.received.flatMap((f) => (f.type === 'data' && f.streamId === streamId ? [f.data] : [])),
    );
  }

  finished(streamId: number): boolean {
    return this.received.some((f) => f.type === 'data' && f.streamId === streamId && f.fin);
  }

  /** Resolves when `test` holds (checked on every frame, and every few ms for state outside the client). */
  async until<T>(what: string, test: () => T | undefined | false, ms = 2000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = test();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.compressor.close();
    this.decompressor.close();
    this.wire.destroy();
  }

  private async drain(): Promise<void> {
    for (let next = this.parser.next(); next; next = this.parser.next()) {
      if ('error' in next) throw new Error(next.error);
      const f: Received = next.frame;
      if ('headerBlock' in f) f.headers = await this.decompressor.decompress(f.headerBlock);
      this.received.push(f);
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}
