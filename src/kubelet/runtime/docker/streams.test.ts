import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxBuffer, demuxStream, mergedStream } from './streams';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

async function read(s: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const c of s) text += c.toString();
  return text;
}

describe('docker stream framing', () => {
  it('splits a complete payload into stdout and stderr, keeping arrival order in all', () => {
    const r = demuxBuffer(Buffer.concat([frame(1, 'a'), frame(2, 'E'), frame(1, 'b')]));
    expect([r.stdout.toString(), r.stderr.toString(), r.all.toString()]).toEqual(['ab', 'E', 'aEb']);
  });

  it('reassembles frames split across chunks', async () => {
    const source = new PassThrough();
    const { stdout, stderr } = demuxStream(source);
    const payload = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
    for (let i = 0; i < payload.length; i += 5) source.write(payload.subarray(i, i + 5));
    source.end();
    expect(await read(stdout)).toBe('hello world');
    expect(await read(stderr)).toBe('oops');
  });

  it('merges both streams into one and ends with the source', async () => {
    const source = new PassThrough();
    const merged = mergedStream(source, true);
    source.end(Buffer.concat([frame(1, 'x'), frame(2, 'y')]));
    expect(await read(merged)).toBe('xy');
  });
});
