// Docker's stream framing: without a TTY, logs and exec output come multiplexed in 8-byte-header frames
// (stream type, 0, 0, 0, big-endian length). These turn them into plain streams and buffers.
import { PassThrough, type Readable } from 'node:stream';

/** Splits a complete multiplexed payload into stdout and stderr. */
export function demuxBuffer(buf: Buffer): { stdout: Buffer; stderr: Buffer; all: Buffer } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const all: Buffer[] = [];
  for (let i = 0; i + 8 <= buf.length;) {
    const size = buf.readUInt32BE(i + 4);
    const chunk = buf.subarray(i + 8, i + 8 + size);
    (buf[i] === 2 ? err : out).push(chunk);
    all.push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), all: Buffer.concat(all) };
}

/** Demultiplexes a live stream into two readables that end with it; destroying either stops the source. */
export function demuxStream(source: Readable): { stdout: PassThrough; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let pending = Buffer.alloc(0);
  source.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      (pending[0] === 2 ? stderr : stdout).write(pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  });
  const finish = () => {
    stdout.end();
    stderr.end();
  };
  source.on('end', finish);
  source.on('close', finish);
  source.on('error', (e) => stdout.destroy(e));
  for (const s of [stdout, stderr])
    s.on('close', () => stdout.destroyed && stderr.destroyed && source.destroy());
  return { stdout, stderr };
}

/** One readable with both streams interleaved in arrival order (what `kubectl logs` shows). */
export function mergedStream(source: Readable, multiplexed: boolean): Readable {
  if (!multiplexed) return source;
  const merged = new PassThrough();
  const { stdout, stderr } = demuxStream(source);
  let open = 2;
  for (const s of [stdout, stderr]) {
    s.on('data', (d: Buffer) => merged.write(d));
    s.on('end', () => --open === 0 && merged.end());
  }
  merged.on('close', () => source.destroy());
  return merged;
}
