// SPDY/3 header blocks: `count(32) (name-length(32) name value-length(32) value)*`, names lower-case, several
// values of one name joined by NUL; the whole block zlib-compressed with the SPDY dictionary. One deflate and one
// inflate context live for the whole connection (the spec requires it: each block refers back to earlier ones),
// so blocks must be compressed in the order their frames are written and inflated in the order they arrive —
// both classes below serialise their calls.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary';

/** Header names (lower-case) to values; a value with NUL bytes carries several values. */
export type SpdyHeaders = Record<string, string>;

/** A decompressed block larger than this is refused (a zlib bomb would otherwise fill memory). */
const MAX_BLOCK = 256 * 1024;

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): { headers: SpdyHeaders } | { error: string } {
  if (block.length < 4) return { error: 'header block shorter than its count' };
  const count = block.readUInt32BE(0);
  const headers = Object.create(null) as SpdyHeaders; // a name like __proto__ is just a name
  let at = 4;
  const field = (): string | undefined => {
    if (at + 4 > block.length) return undefined;
    const length = block.readUInt32BE(at);
    if (at + 4 + length > block.length) return undefined;
    const text = block.toString('utf8', at + 4, at + 4 + length);
    at += 4 + length;
    return text;
  };
  for (let i = 0; i < count; i++) {
    const name = field();
    const value = field();
    if (name === undefined || value === undefined) return { error: 'header block truncated' };
    if (!name || name !== name.toLowerCase()) return { error: `invalid header name ${JSON.stringify(name)}` };
    if (name in headers) return { error: `header ${name} repeated` };
    headers[name] = value;
  }
  if (at !== block.length) return { error: 'header block has trailing bytes' };
  return { headers };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Runs one zlib transform per call, in call order, and returns what a sync flush produced. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;

  constructor(private readonly z: Deflate | Inflate) {
    z.on('error', (e: Error) => (this.failed = e));
  }

  run(input: Buffer): Promise<Buffer> {
    const result = this.tail.then(() => this.once(input));
    this.tail = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.z.close();
  }

  private once(input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const out: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        out.push(chunk);
        size += chunk.length;
      };
      const onError = (e: Error) => {
        this.z.off('data', onData);
        reject(e);
      };
      this.z.on('data', onData);
      this.z.once('error', onError);
      this.z.write(input);
      this.z.flush(constants.Z_SYNC_FLUSH, () => {
        this.z.off('data', onData);
        this.z.off('error', onError);
        if (this.failed) reject(this.failed);
        else if (size > MAX_BLOCK) reject(new Error(`header block larger than ${MAX_BLOCK} bytes`));
        else resolve(Buffer.concat(out, size));
      });
    });
  }
}

export class HeaderCompressor {
  private readonly serial = new Serial(createDeflate({ dictionary: SPDY3_DICTIONARY }));

  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.serial.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.serial.close();
  }
}

export class HeaderDecompressor {
  private readonly serial = new Serial(createInflate({ dictionary: SPDY3_DICTIONARY }));

  /** Rejects when the bytes are not a continuation of this connection's zlib stream, or decode badly. */
  async decompress(block: Buffer): Promise<SpdyHeaders> {
    const decoded = decodeHeaderBlock(await this.serial.run(block));
    if ('error' in decoded) throw new Error(decoded.error);
    return decoded.headers;
  }

  close(): void {
    this.serial.close();
  }
}
