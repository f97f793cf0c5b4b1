import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor } from './header-block';

const PORT_FORWARD = { streamtype: 'error', port: '80', requestid: '0' };

describe('SPDY header blocks', () => {
  it('lays out count, then length-prefixed names and values, names lower-cased', () => {
    const raw = encodeHeaderBlock({ Port: '80' });
    expect(raw.toString('hex')).toBe('00000001' + '00000004' + '706f7274' + '00000002' + '3830');
    expect(decodeHeaderBlock(raw)).toEqual({ headers: { port: '80' } });
  });

  it('refuses truncated, trailing, upper-case and repeated names', () => {
    const raw = encodeHeaderBlock({ port: '80' });
    expect(decodeHeaderBlock(raw.subarray(0, raw.length - 1))).toEqual({ error: 'header block truncated' });
    expect(decodeHeaderBlock(Buffer.concat([raw, Buffer.from([0])]))).toEqual({
      error: 'header block has trailing bytes',
    });
    const upper = Buffer.from(raw);
    upper[8] = 'P'.charCodeAt(0);
    expect(decodeHeaderBlock(upper)).toEqual({ error: 'invalid header name "Port"' });
    const twice = Buffer.concat([Buffer.from('00000002', 'hex'), raw.subarray(4), raw.subarray(4)]);
    expect(decodeHeaderBlock(twice)).toEqual({ error: 'header port repeated' });
  });

  it('is the SPDY/3 dictionary: 1423 bytes, from "options" to "enq=0."', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY3_DICTIONARY.subarray(-6).toString('latin1')).toBe('enq=0.');
  });

  it('compresses with one zlib context for the whole connection: later blocks refer to earlier ones', async () => {
    const out = new HeaderCompressor();
    const into = new HeaderDecompressor();
    const blocks = [];
    for (let i = 0; i < 4; i++) blocks.push(await out.compress({ ...PORT_FORWARD, requestid: String(i) }));
    // Only the first block carries the zlib header, which names the SPDY dictionary.
    expect(blocks[0]![0]).toBe(0x78);
    expect(blocks[0]![1]! & 0x20).toBe(0x20); // FDICT
    expect(blocks[1]!.length).toBeLessThan(blocks[0]!.length);
    for (let i = 0; i < 4; i++)
      expect(await into.decompress(blocks[i]!)).toEqual({ ...PORT_FORWARD, requestid: String(i) });
    // A later block alone means nothing to a fresh context.
    await expect(new HeaderDecompressor().decompress(blocks[1]!)).rejects.toThrow();
    out.close();
    into.close();
  });

  it('reads blocks compressed by another zlib that used the same dictionary', async () => {
    const peer = deflateSync(encodeHeaderBlock(PORT_FORWARD), { dictionary: SPDY3_DICTIONARY });
    expect(await new HeaderDecompressor().decompress(peer)).toEqual(PORT_FORWARD);
    const ours = await new HeaderCompressor().compress(PORT_FORWARD);
    expect(decodeHeaderBlock(inflateSync(ours, { dictionary: SPDY3_DICTIONARY, finishFlush: 2 }))).toEqual({
      headers: PORT_FORWARD,
    });
  });

  it('refuses a block compressed with another dictionary, and garbage', async () => {
    const other = deflateSync(encodeHeaderBlock(PORT_FORWARD), { dictionary: Buffer.from('portstreamtype') });
    await expect(new HeaderDecompressor().decompress(other)).rejects.toThrow();
    await expect(new HeaderDecompressor().decompress(Buffer.from('not zlib'))).rejects.toThrow();
  });

  it('refuses a block that inflates past the limit', async () => {
    const bomb = deflateSync(encodeHeaderBlock({ big: 'x'.repeat(300_000) }), {
      dictionary: SPDY3_DICTIONARY,
    });
    await expect(new HeaderDecompressor().decompress(bomb)).rejects.toThrow(/larger than/);
  });
});
