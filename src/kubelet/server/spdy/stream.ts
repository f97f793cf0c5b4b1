// SpdyStream: one SPDY stream as a Node Duplex. Reading gives the peer's DATA payloads (end = the peer's FIN);
// writing sends DATA frames through the session (which applies flow control and keeps frame order); end() sends
// an empty DATA frame with FIN. destroy() before both sides finished sends RST_STREAM CANCEL, as abandoning a
// stream should. The owning session feeds it through the `receive*` methods.
import { Duplex } from 'node:stream';
import { RST } from './frames';
import type { SpdyHeaders } from './header-block';

/** What a stream needs from its session. */
export interface StreamOwner {
  sendReply(stream: SpdyStream, headers: SpdyHeaders): Promise<void>;
  sendData(stream: SpdyStream, data: Buffer, fin: boolean): Promise<void>;
  sendReset(stream: SpdyStream, status: number): void;
  /** The stream's reader took `bytes` off the connection: the session may open the peer's window again. */
  consumed(stream: SpdyStream, bytes: number): void;
  forget(stream: SpdyStream): void;
}

export class SpdyStream extends Duplex {
  /** Bytes we may still send before the peer opens the window (negative after a SETTINGS shrink). */
  sendWindow: number;
  private owed = 0;
  private remoteDone = false;
  private localDone = false;
  private resetByPeer = false;

  constructor(
    private readonly owner: StreamOwner,
    readonly id: number,
    readonly headers: SpdyHeaders,
    initialSendWindow: number,
  ) {
    super({ allowHalfOpen: true });
    this.sendWindow = initialSendWindow;
  }

  /** SYN_REPLY: accepts the stream (a SPDY client waits for it before it sends data). */
  reply(headers: SpdyHeaders = {}): Promise<void> {
    return this.owner.sendReply(this, headers);
  }

  /** RST_STREAM with the status, then the stream is gone. */
  reset(status: number = RST.cancel): void {
    if (!this.resetByPeer && !this.destroyed) this.owner.sendReset(this, status);
    this.resetByPeer = true; // nothing more to send for it
    this.destroy();
  }

  /** Called by the session for each DATA payload. */
  receive(data: Buffer): void {
    if (this.remoteDone || this.destroyed) return;
    if (this.push(data)) this.owner.consumed(this, data.length);
    else this.owed += data.length;
  }

  receiveFin(): void {
    if (this.remoteDone) return;
    this.remoteDone = true;
    this.push(null);
  }

  /** The peer's RST_STREAM: both directions end now. */
  receiveReset(): void {
    this.resetByPeer = true;
    this.destroy();
  }

  /** The peer asked us not to send on this stream (SYN_STREAM with FLAG_UNIDIRECTIONAL). */
  markLocalDone(): void {
    this.localDone = true;
  }

  get bothDone(): boolean {
    return this.remoteDone && this.localDone;
  }

  override _read(): void {
    if (this.owed) {
      const bytes = this.owed;
      this.owed = 0;
      this.owner.consumed(this, bytes);
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (e?: Error | null) => void): void {
    if (this.localDone) return callback(new Error(`stream ${this.id} already closed for writing`));
    this.owner.sendData(this, chunk, false).then(() => callback(), callback);
  }

  override _final(callback: (e?: Error | null) => void): void {
    if (this.localDone) return callback();
    this.localDone = true;
    this.owner.sendData(this, Buffer.alloc(0), true).then(() => callback(), callback);
  }

  override _destroy(err: Error | null, callback: (e: Error | null) => void): void {
    if (!this.resetByPeer && !this.bothDone) this.owner.sendReset(this, RST.cancel);
    this.owner.forget(this);
    callback(err);
  }
}
