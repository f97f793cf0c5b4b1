// SPDY/3.1 frames as values, and their encoding (SPDY draft 3 §2.2–2.6, plus 3.1's session window). Every frame
// has an 8-byte header: a control frame is `1 | version(15) | type(16) | flags(8) | length(24)`, a data frame
// `0 | stream-id(31) | flags(8) | length(24)`. Frames that carry headers (SYN_STREAM, SYN_REPLY, HEADERS) hold
// their header block already compressed: compression needs the connection's shared zlib context (header-block.ts).

export const SPDY_VERSION = 3;
/** The window every stream (and, in 3.1, the session) starts with until SETTINGS says otherwise. */
export const INITIAL_WINDOW = 64 * 1024;
export const MAX_FRAME_LENGTH = 0xffffff;

export const FRAME = {
  synStream: 1,
  synReply: 2,
  rstStream: 3,
  settings: 4,
  ping: 6,
  goaway: 7,
  headers: 8,
  windowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
export const FLAG_SETTINGS_CLEAR = 0x01;

/** RST_STREAM status codes. */
export const RST = {
  protocolError: 1,
  invalidStream: 2,
  refusedStream: 3,
  unsupportedVersion: 4,
  cancel: 5,
  internalError: 6,
  flowControlError: 7,
  streamInUse: 8,
  streamAlreadyClosed: 9,
  frameTooLarge: 11,
} as const;

/** GOAWAY status codes. */
export const GOAWAY = { ok: 0, protocolError: 1, internalError: 2 } as const;

export const SETTING = { maxConcurrentStreams: 4, initialWindowSize: 7 } as const;

export interface SettingEntry {
  flags: number;
  id: number;
  value: number;
}

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | {
      type: 'synStream';
      streamId: number;
      associatedTo: number;
      priority: number;
      slot: number;
      fin: boolean;
      unidirectional: boolean;
      headerBlock: Buffer;
    }
  | { type: 'synReply'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'rstStream'; streamId: number; status: number }
  | { type: 'settings'; clear: boolean; entries: SettingEntry[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'windowUpdate'; streamId: number; delta: number }
  /** A control frame of a type this version does not know: the spec says to ignore it. */
  | { type: 'unknown'; frameType: number; flags: number; payload: Buffer };

const ID_MASK = 0x7fffffff;

function control(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(((flags & 0xff) * 0x1000000 + payload.length) >>> 0, 4);
  return Buffer.concat([head, payload]);
}

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function withBlock(prefix: Buffer, block: Buffer): Buffer {
  return Buffer.concat([prefix, block]);
}

/** The bytes of one frame. Throws RangeError for a payload longer than a frame can say (16 MiB − 1). */
export function encodeFrame(frame: Frame): Buffer {
  switch (frame.type) {
    case 'data': {
      if (frame.data.length > MAX_FRAME_LENGTH) throw new RangeError('data frame too long');
      const head = Buffer.alloc(8);
      head.writeUInt32BE(frame.streamId & ID_MASK, 0);
      head.writeUInt32BE(((frame.fin ? FLAG_FIN : 0) * 0x1000000 + frame.data.length) >>> 0, 4);
      return Buffer.concat([head, frame.data]);
    }
    case 'synStream': {
      const prefix = Buffer.alloc(10);
      prefix.writeUInt32BE(frame.streamId & ID_MASK, 0);
      prefix.writeUInt32BE(frame.associatedTo & ID_MASK, 4);
      prefix[8] = (frame.priority & 0x7) << 5;
      prefix[9] = frame.slot & 0xff;
      const flags = (frame.fin ? FLAG_FIN : 0) | (frame.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
      return control(FRAME.synStream, flags, withBlock(prefix, frame.headerBlock));
    }
    case 'synReply':
      return control(
        FRAME.synReply,
        frame.fin ? FLAG_FIN : 0,
        withBlock(words(frame.streamId & ID_MASK), frame.headerBlock),
      );
    case 'headers':
      return control(
        FRAME.headers,
        frame.fin ? FLAG_FIN : 0,
        withBlock(words(frame.streamId & ID_MASK), frame.headerBlock),
      );
    case 'rstStream':
      return control(FRAME.rstStream, 0, words(frame.streamId & ID_MASK, frame.status));
    case 'settings': {
      const payload = Buffer.alloc(4 + frame.entries.length * 8);
      payload.writeUInt32BE(frame.entries.length, 0);
      frame.entries.forEach((e, i) => {
        payload.writeUInt32BE(((e.flags & 0xff) * 0x1000000 + (e.id & 0xffffff)) >>> 0, 4 + i * 8);
        payload.writeUInt32BE(e.value >>> 0, 8 + i * 8);
      });
      return control(FRAME.settings, frame.clear ? FLAG_SETTINGS_CLEAR : 0, payload);
    }
    case 'ping':
      return control(FRAME.ping, 0, words(frame.id));
    case 'goaway':
      return control(FRAME.goaway, 0, words(frame.lastGoodStreamId & ID_MASK, frame.status));
    case 'windowUpdate':
      return control(FRAME.windowUpdate, 0, words(frame.streamId & ID_MASK, frame.delta & ID_MASK));
    case 'unknown':
      return control(frame.frameType, frame.flags, frame.payload);
  }
}
