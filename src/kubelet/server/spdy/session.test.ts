import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, GOAWAY, INITIAL_WINDOW, RST, SETTING } from './frames';
import { SpdySession } from './session';
import { duplexPair, SpdyTestClient } from './spdy-testing';
import type { SpdyStream } from './stream';

let client: SpdyTestClient;
let session: SpdySession;
let streams: SpdyStream[];

/** A session whose every new stream is accepted with SYN_REPLY (unless `accept` is false). */
function connect(accept = true): void {
  const [server, peer] = duplexPair();
  streams = [];
  session = new SpdySession(server, {
    onStream: (s) => {
      streams.push(s);
      if (accept) void s.reply({ ok: 'yes' });
    },
  });
  client = new SpdyTestClient(peer);
}

const opened = (n: number) => client.until(`${n} streams`, () => streams.length >= n);
const replied = (id: number) =>
  client.until(`SYN_REPLY ${id}`, () =>
    client.received.find((f) => f.type === 'synReply' && f.streamId === id),
  );

afterEach(() => {
  session?.close();
  client?.close();
});

describe('SpdySession', () => {
  it('accepts a stream with its headers, replies, and carries data both ways with FIN', async () => {
    connect();
    await client.synStream(1, { streamtype: 'data', port: '80', requestid: '0' });
    await opened(1);
    expect(streams[0]!.headers).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
    expect((await replied(1)).headers).toEqual({ ok: 'yes' });
    client.data(1, 'ping?', true);
    const chunks: Buffer[] = [];
    streams[0]!.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => streams[0]!.once('end', r));
    expect(Buffer.concat(chunks).toString()).toBe('ping?');
    streams[0]!.end('pong!');
    await client.until('FIN', () => client.finished(1));
    expect(client.dataOf(1).toString()).toBe('pong!');
  });

  it('keeps one header context across streams (the tenth header block still decodes)', async () => {
    connect();
    for (let i = 0; i < 10; i++)
      await client.synStream(2 * i + 1, { streamtype: 'error', requestid: String(i) });
    await opened(10);
    expect(streams.map((s) => s.headers.requestid)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    await replied(19);
  });

  it('echoes the peer’s PINGs', async () => {
    connect();
    client.send({ type: 'ping', id: 7 });
    await client.until('PING echo', () => client.received.find((f) => f.type === 'ping' && f.id === 7));
  });

  it('refuses even (server-side) and reused stream ids with RST_STREAM PROTOCOL_ERROR', async () => {
    connect();
    await client.synStream(2, { port: '1' });
    await client.synStream(1, { port: '1' });
    await client.synStream(1, { port: '1' });
    const resets = await client.until('two resets', () => {
      const r = client.received.filter((f) => f.type === 'rstStream');
      return r.length >= 2 ? r : undefined;
    });
    expect(resets).toEqual([
      { type: 'rstStream', streamId: 2, status: RST.protocolError },
      { type: 'rstStream', streamId: 1, status: RST.protocolError },
    ]);
    expect(streams).toHaveLength(1);
  });

  it('answers DATA for a stream never opened with RST_STREAM INVALID_STREAM', async () => {
    connect();
    client.data(5, 'who?');
    await client.until('reset', () =>
      client.received.find(
        (f) => f.type === 'rstStream' && f.status === RST.invalidStream && f.streamId === 5,
      ),
    );
  });

  it('destroys a stream the peer resets, without resetting it back', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    const closed = new Promise((r) => streams[0]!.once('close', r));
    client.send({ type: 'rstStream', streamId: 1, status: RST.cancel });
    await closed;
    expect(session.openStreams).toBe(0);
    expect(client.received.some((f) => f.type === 'rstStream')).toBe(false);
  });

  it('sends RST_STREAM CANCEL when it abandons a stream', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    streams[0]!.reset();
    await client.until('reset', () =>
      client.received.find((f) => f.type === 'rstStream' && f.streamId === 1 && f.status === RST.cancel),
    );
  });

  it('opens the peer’s windows (stream and session) as data is consumed', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    streams[0]!.resume();
    for (let i = 0; i < 8; i++) client.data(1, Buffer.alloc(16 * 1024));
    const updates = await client.until('window updates', () => {
      const u = client.received.filter((f) => f.type === 'windowUpdate');
      const sum = (id: number) =>
        u.reduce((n, f) => n + (f.type === 'windowUpdate' && f.streamId === id ? f.delta : 0), 0);
      return sum(1) === 128 * 1024 && sum(0) === 128 * 1024 ? u : undefined;
    });
    expect(updates.every((f) => f.type === 'windowUpdate' && f.delta >= INITIAL_WINDOW / 2)).toBe(true);
  });

  it('opens the window as a slow reader reads, and reads the connection again after it caught up', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    // Not read: the stream fills past its 16 KiB high-water mark, and the session stops reading the transport.
    for (let i = 0; i < 10; i++) client.data(1, Buffer.alloc(10 * 1024));
    await client.until('the stream full', () => streams[0]!.readableLength >= 16 * 1024);
    await client.synStream(3, {}); // behind the unread data: opened only once the connection reads again
    const granted = () =>
      client.received.reduce((n, f) => n + (f.type === 'windowUpdate' && f.streamId === 1 ? f.delta : 0), 0);
    expect(granted()).toBeLessThan(100 * 1024);
    streams[0]!.resume();
    await client.until('the rest granted', () => granted() === 100 * 1024);
    await opened(2);
  });

  it('sends without limits to a peer that never does flow control (moby/spdystream)', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    streams[0]!.end(Buffer.alloc(200 * 1024, 1));
    await client.until('all data', () => client.finished(1));
    expect(client.dataOf(1).length).toBe(200 * 1024);
  });

  it('keeps to the window once the peer shows it does flow control, and goes on when it is opened', async () => {
    connect();
    client.send({
      type: 'settings',
      clear: false,
      entries: [{ flags: 0, id: SETTING.initialWindowSize, value: INITIAL_WINDOW }],
    });
    await client.synStream(1, {});
    await opened(1);
    streams[0]!.end(Buffer.alloc(100 * 1024, 2));
    await client.until('one window of data', () => client.dataOf(1).length === INITIAL_WINDOW);
    await client.synStream(3, {}); // round trip: nothing more may come while the window is shut
    await replied(3);
    expect(client.dataOf(1).length).toBe(INITIAL_WINDOW);
    client.send({ type: 'windowUpdate', streamId: 1, delta: 40 * 1024 });
    client.send({ type: 'windowUpdate', streamId: 0, delta: 40 * 1024 });
    await client.until('the rest', () => client.finished(1));
    expect(client.dataOf(1).length).toBe(100 * 1024);
  });

  it('ends with GOAWAY PROTOCOL_ERROR on a malformed frame, and closes its streams', async () => {
    connect();
    await client.synStream(1, {});
    await opened(1);
    const closed = new Promise((r) => streams[0]!.once('close', r));
    client.wire.write(Buffer.from('8002000600000004' + '00000001', 'hex')); // a SPDY/2 PING
    await client.until('GOAWAY', () =>
      client.received.find(
        (f) => f.type === 'goaway' && f.status === GOAWAY.protocolError && f.lastGoodStreamId === 1,
      ),
    );
    await session.closed;
    await closed;
  });

  it('ends on a header block that is not from the connection’s zlib stream', async () => {
    connect();
    const bogus = encodeFrame({
      type: 'synStream',
      streamId: 1,
      associatedTo: 0,
      priority: 0,
      slot: 0,
      fin: false,
      unidirectional: false,
      headerBlock: Buffer.from('not zlib at all'),
    });
    client.wire.write(bogus);
    await session.closed;
    expect(streams).toHaveLength(0);
  });

  it('refuses new streams after the peer’s GOAWAY', async () => {
    connect();
    client.send({ type: 'goaway', lastGoodStreamId: 0, status: GOAWAY.ok });
    await client.synStream(1, {});
    await client.until('refused', () =>
      client.received.find((f) => f.type === 'rstStream' && f.status === RST.refusedStream),
    );
    expect(streams).toHaveLength(0);
  });

  it('close() says GOAWAY with the last stream it accepted and ends the transport', async () => {
    connect(false);
    await client.synStream(3, {});
    await opened(1);
    session.close();
    await client.until('GOAWAY', () =>
      client.received.find((f) => f.type === 'goaway' && f.lastGoodStreamId === 3),
    );
    await session.closed;
    await client.until('transport end', () => client.ended);
  });
});
