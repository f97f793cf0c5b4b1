import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameParser, type ParseResult } from './frame-parser';
import { encodeFrame, GOAWAY, RST, SETTING, type Frame } from './frames';

const block = Buffer.from([0x78, 0xbb, 1, 2, 3]);

const EVERY_TYPE: Frame[] = [
  { type: 'data', streamId: 1, fin: false, data: Buffer.from('hello') },
  { type: 'data', streamId: 0x7fffffff, fin: true, data: Buffer.alloc(0) },
  {
    type: 'synStream',
    streamId: 3,
    associatedTo: 1,
    priority: 7,
    slot: 2,
    fin: true,
    unidirectional: true,
    headerBlock: block,
  },
  { type: 'synReply', streamId: 3, fin: true, headerBlock: block },
  { type: 'rstStream', streamId: 5, status: RST.cancel },
  {
    type: 'settings',
    clear: true,
    entries: [
      { flags: 1, id: SETTING.initialWindowSize, value: 1 << 20 },
      { flags: 0, id: SETTING.maxConcurrentStreams, value: 100 },
    ],
  },
  { type: 'ping', id: 0xfffffffe },
  { type: 'goaway', lastGoodStreamId: 9, status: GOAWAY.protocolError },
  { type: 'headers', streamId: 7, fin: false, headerBlock: block },
  { type: 'windowUpdate', streamId: 0, delta: 0x7fffffff },
  { type: 'unknown', frameType: 10, flags: 3, payload: Buffer.from('credential') },
];

function parseAll(bytes: Buffer, pieceSize = bytes.length): ParseResult[] {
  const parser = new FrameParser();
  const out: ParseResult[] = [];
  for (let at = 0; at < bytes.length; at += pieceSize) {
    parser.push(bytes.subarray(at, at + pieceSize));
    for (let r = parser.next(); r; r = parser.next()) {
      out.push(r);
      if ('error' in r) return out;
    }
  }
  return out;
}

describe('SPDY/3.1 frames', () => {
  it.each(EVERY_TYPE.map((f) => [f.type, f] as const))('%s round-trips', (_type, frame) => {
    expect(parseAll(encodeFrame(frame))).toEqual([{ frame }]);
  });

  it('parses frames that arrive one byte at a time, in order', () => {
    const bytes = Buffer.concat(EVERY_TYPE.map(encodeFrame));
    expect(parseAll(bytes, 1).map((r) => ('frame' in r ? r.frame : r))).toEqual(EVERY_TYPE);
  });

  it('writes the version-3 control header and the data header the spec lays out', () => {
    expect(encodeFrame({ type: 'ping', id: 1 }).toString('hex')).toBe('8003000600000004' + '00000001');
    expect(
      encodeFrame({ type: 'data', streamId: 1, fin: true, data: Buffer.from('x') }).toString('hex'),
    ).toBe('00000001' + '01000001' + '78');
  });

  it('refuses frames of another version or with impossible lengths, and stays failed', () => {
    const v2ping = Buffer.from('8002000600000004' + '00000001', 'hex');
    expect(parseAll(v2ping)).toEqual([{ error: 'unsupported SPDY version 2' }]);
    const shortRst = Buffer.from('8003000300000004' + '00000001', 'hex');
    expect(parseAll(shortRst)[0]).toEqual({ error: 'control frame 3 has length 4, want 8' });
    const parser = new FrameParser();
    parser.push(Buffer.concat([shortRst, encodeFrame({ type: 'ping', id: 1 })]));
    expect(parser.next()).toHaveProperty('error');
    expect(parser.next()).toHaveProperty('error');
    const settings = Buffer.from('8003000400000004' + '00000002', 'hex');
    expect(parseAll(settings)[0]).toEqual({ error: 'SETTINGS says 2 entries in 4 bytes' });
    expect(parseAll(Buffer.from('0000000000000000', 'hex'))[0]).toEqual({ error: 'data frame on stream 0' });
  });

  it('waits for the rest of a frame', () => {
    const parser = new FrameParser();
    parser.push(
      encodeFrame({ type: 'data', streamId: 1, fin: false, data: Buffer.alloc(100) }).subarray(0, 50),
    );
    expect(parser.next()).toBeUndefined();
    expect(parser.buffered).toBe(50);
  });

  it('never throws on random bytes, in random pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (bytes, piece) => {
        const results = parseAll(Buffer.from(bytes), piece);
        for (const r of results) if ('frame' in r) expect(() => encodeFrame(r.frame)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on control-frame-looking random bytes either', () => {
    const controlish = fc
      .tuple(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([type, flags, body]) => {
        const head = Buffer.alloc(8);
        head.writeUInt16BE(0x8003, 0);
        head.writeUInt16BE(type, 2);
        head.writeUInt32BE((flags * 0x1000000 + body.length) >>> 0, 4);
        return Buffer.concat([head, Buffer.from(body)]);
      });
    fc.assert(
      fc.property(fc.array(controlish, { maxLength: 5 }), (frames) => {
        parseAll(Buffer.concat(frames), 3);
      }),
      { numRuns: 2000 },
    );
  });
});
