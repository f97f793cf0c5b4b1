import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { framedLine, WatchWriter } from './watch-writer';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** Serves one chunked response through a WatchWriter driven by `serve`; returns the body the client read. */
async function roundTrip(
  serve: (w: WatchWriter, res: http.ServerResponse) => Promise<void>,
): Promise<string> {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const w = new WatchWriter(res);
    w.start();
    void serve(w, res).then(() => {
      w.flush();
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/`);
  return res.text();
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WatchWriter', () => {
  it('frames a line as one HTTP chunk', () => {
    const f = framedLine('{"type":"ADDED"}\n');
    expect(f.chunk.toString()).toBe('11\r\n{"type":"ADDED"}\n\r\n');
    expect(f.line.toString()).toBe('{"type":"ADDED"}\n');
  });

  it('writes the lines of one turn to the socket in one write, and a valid chunked body to the end', async () => {
    const writes: number[] = [];
    const body = await roundTrip(async (w, res) => {
      const socket = res.socket!;
      const write = socket.write.bind(socket) as (b: Buffer) => boolean;
      socket.write = ((b: Buffer) => (writes.push(b.length), write(b))) as typeof socket.write;
      for (const n of [1, 2, 3]) w.write(framedLine(`{"n":${n}}\n`));
      expect(w.unread).toBeGreaterThan(0);
      await tick();
      w.write(framedLine('{"n":4}\n'));
      w.write(framedLine('{"n":5}\n'));
    });
    expect(body).toBe('{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n{"n":5}\n');
    // One write for the first three lines, one for the two flushed before end, then the last chunk.
    expect(writes.slice(0, 2)).toEqual([3 * '6\r\n{"n":1}\n\r\n'.length, 2 * '6\r\n{"n":1}\n\r\n'.length]);
  });

  it('falls back to res.write when the response has no socket of its own', () => {
    const written: Buffer[] = [];
    const res = { socket: null, writableLength: 0, write: (b: Buffer) => written.push(b) };
    const w = new WatchWriter(res as unknown as http.ServerResponse);
    w.start();
    w.write(framedLine('{"n":1}\n'));
    expect(written.map(String)).toEqual(['{"n":1}\n']);
  });
});
