// FrameParser: bytes in (in whatever pieces the transport delivers them), frames out. Pure and synchronous; it
// never throws on bad input — a malformed frame is returned as an error value, after which the byte stream cannot
// be trusted (SPDY has no resynchronisation), so the parser stays in that error.
import {
  FLAG_FIN,
  FLAG_SETTINGS_CLEAR,
  FLAG_UNIDIRECTIONAL,
  FRAME,
  SPDY_VERSION,
  type Frame,
} from './frames';

export type ParseResult = { frame: Frame } | { error: string };

const ID_MASK = 0x7fffffff;

/** Fixed payload sizes; frames with headers only have a minimum. */
const EXACT: Record<number, number> = {
  [FRAME.rstStream]: 8,
  [FRAME.ping]: 4,
  [FRAME.goaway]: 8,
  [FRAME.windowUpdate]: 8,
};
const MINIMUM: Record<number, number> = {
  [FRAME.synStream]: 10,
  [FRAME.synReply]: 4,
  [FRAME.headers]: 4,
  [FRAME.settings]: 4,
};

export class FrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private failed: string | undefined;

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.buffer.length;
  }

  push(bytes: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, bytes]) : bytes;
  }

  /** The next complete frame, an error, or undefined when more bytes are needed. */
  next(): ParseResult | undefined {
    if (this.failed) return { error: this.failed };
    if (this.buffer.length < 8) return undefined;
    const length = this.buffer.readUInt32BE(4) & 0xffffff;
    if (this.buffer.length < 8 + length) return undefined;
    const head = this.buffer.subarray(0, 8);
    const payload = this.buffer.subarray(8, 8 + length);
    this.buffer = this.buffer.subarray(8 + length);
    const result = decode(head, payload);
    if ('error' in result) this.failed = result.error;
    return result;
  }
}

function decode(head: Buffer, payload: Buffer): ParseResult {
  const flags = head[4]!;
  if ((head[0]! & 0x80) === 0) {
    const streamId = head.readUInt32BE(0) & ID_MASK;
    if (streamId === 0) return { error: 'data frame on stream 0' };
    return { frame: { type: 'data', streamId, fin: (flags & FLAG_FIN) !== 0, data: payload } };
  }
  const version = head.readUInt16BE(0) & 0x7fff;
  if (version !== SPDY_VERSION) return { error: `unsupported SPDY version ${version}` };
  const type = head.readUInt16BE(2);
  const exact = EXACT[type];
  if (exact !== undefined && payload.length !== exact)
    return { error: `control frame ${type} has length ${payload.length}, want ${exact}` };
  const minimum = MINIMUM[type];
  if (minimum !== undefined && payload.length < minimum)
    return { error: `control frame ${type} has length ${payload.length}, want at least ${minimum}` };
  return decodeControl(type, flags, payload);
}

function decodeControl(type: number, flags: number, p: Buffer): ParseResult {
  const fin = (flags & FLAG_FIN) !== 0;
  const id = () => p.readUInt32BE(0) & ID_MASK;
  switch (type) {
    case FRAME.synStream:
      return {
        frame: {
          type: 'synStream',
          streamId: id(),
          associatedTo: p.readUInt32BE(4) & ID_MASK,
          priority: p[8]! >> 5,
          slot: p[9]!,
          fin,
          unidirectional: (flags & FLAG_UNIDIRECTIONAL) !== 0,
          headerBlock: p.subarray(10),
        },
      };
    case FRAME.synReply:
      return { frame: { type: 'synReply', streamId: id(), fin, headerBlock: p.subarray(4) } };
    case FRAME.headers:
      return { frame: { type: 'headers', streamId: id(), fin, headerBlock: p.subarray(4) } };
    case FRAME.rstStream:
      return { frame: { type: 'rstStream', streamId: id(), status: p.readUInt32BE(4) } };
    case FRAME.settings: {
      const count = p.readUInt32BE(0);
      if (p.length !== 4 + count * 8) return { error: `SETTINGS says ${count} entries in ${p.length} bytes` };
      const entries = [];
      for (let i = 0; i < count; i++) {
        const word = p.readUInt32BE(4 + i * 8);
        entries.push({ flags: word >>> 24, id: word & 0xffffff, value: p.readUInt32BE(8 + i * 8) });
      }
      return { frame: { type: 'settings', clear: (flags & FLAG_SETTINGS_CLEAR) !== 0, entries } };
    }
    case FRAME.ping:
      return { frame: { type: 'ping', id: p.readUInt32BE(0) } };
    case FRAME.goaway:
      return { frame: { type: 'goaway', lastGoodStreamId: id(), status: p.readUInt32BE(4) } };
    case FRAME.windowUpdate:
      return { frame: { type: 'windowUpdate', streamId: id(), delta: p.readUInt32BE(4) & ID_MASK } };
    default:
      return { frame: { type: 'unknown', frameType: type, flags, payload: p } };
  }
}
