import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PortForwardStreams } from './port-forward';
import { RST, SpdySession } from './spdy';
import { duplexPair, SpdyTestClient } from './spdy/spdy-testing';

const TARGET = { namespace: 'default', name: 'web', uid: 'u-1', podIp: '127.0.0.1' };

let echo: Server;
let echoPort = 0;
let refusedPort = 0;
const podSide: Socket[] = [];

let client: SpdyTestClient;
let session: SpdySession;
let forwarder: PortForwardStreams;

beforeAll(async () => {
  // The "pod": echoes what it reads, upper-cased, and ends when its peer ends.
  echo = createServer((s) => {
    podSide.push(s);
    s.on('data', (d: Buffer) => s.write(d.toString().toUpperCase()));
    s.on('end', () => s.end());
    s.on('error', () => {});
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as AddressInfo).port;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  refusedPort = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
});

afterAll(() => new Promise((r) => echo.close(r)));

function connect(pairTimeoutMs = 30_000): void {
  const [server, peer] = duplexPair();
  forwarder = new PortForwardStreams(TARGET, (host, port) => createConnection({ host, port }), pairTimeoutMs);
  session = new SpdySession(server, { onStream: (s) => forwarder.accept(s) });
  client = new SpdyTestClient(peer);
}

afterEach(() => {
  forwarder?.close();
  session?.close();
  client?.close();
});

/** What kubectl does per local connection: error stream (half-closed at once), then data stream. */
async function open(requestId: string | undefined, port: number, errorId: number, dataId = errorId + 2) {
  const headers = (type: string) => ({
    streamtype: type,
    port: String(port),
    ...(requestId ? { requestid: requestId } : {}),
  });
  await client.synStream(errorId, headers('error'));
  client.data(errorId, '', true);
  await client.synStream(dataId, headers('data'));
}

describe('port-forward streams', () => {
  it('pairs the error and data streams, connects to the pod and pipes both ways', async () => {
    connect();
    await open('0', echoPort, 1);
    await client.until('replies', () => client.received.filter((f) => f.type === 'synReply').length === 2);
    client.data(3, 'hello pod');
    await client.until('the echo', () => client.dataOf(3).toString() === 'HELLO POD');
    client.data(3, '', true); // the local client is done: the pod sees its FIN and ends too
    await client.until('data FIN', () => client.finished(3));
    await client.until('error FIN', () => client.finished(1));
    expect(client.dataOf(1).toString()).toBe('');
  });

  it('keeps concurrent connections apart by requestID', async () => {
    connect();
    await open('0', echoPort, 1);
    await open('1', echoPort, 5);
    client.data(3, 'first');
    client.data(7, 'second');
    await client.until(
      'both echoes',
      () => client.dataOf(3).toString() === 'FIRST' && client.dataOf(7).toString() === 'SECOND',
    );
  });

  it('writes a refused connection on the error stream, worded like the kubelet, and closes both', async () => {
    connect();
    await open('0', refusedPort, 1);
    await client.until('error FIN', () => client.finished(1));
    expect(client.dataOf(1).toString()).toBe(
      `error forwarding port ${refusedPort} to pod web, uid u-1: connect ECONNREFUSED 127.0.0.1:${refusedPort}`,
    );
    await client.until('data FIN', () => client.finished(3));
  });

  it('pairs streams of clients without requestID by stream id (error n, data n+2)', async () => {
    connect();
    await open(undefined, echoPort, 1);
    client.data(3, 'old client');
    await client.until('the echo', () => client.dataOf(3).toString() === 'OLD CLIENT');
  });

  it('refuses streams without a valid port or stream type', async () => {
    connect();
    await client.synStream(1, { streamtype: 'data', port: 'eighty', requestid: '0' });
    await client.synStream(3, { streamtype: 'data', port: '0', requestid: '1' });
    await client.synStream(5, { streamtype: 'stdin', port: '80', requestid: '2' });
    await client.synStream(7, { streamtype: 'error', requestid: '3' });
    const resets = await client.until('four resets', () => {
      const r = client.received.filter((f) => f.type === 'rstStream');
      return r.length === 4 ? r : undefined;
    });
    expect(resets.map((f) => f.type === 'rstStream' && [f.streamId, f.status])).toEqual([
      [1, RST.refusedStream],
      [3, RST.refusedStream],
      [5, RST.refusedStream],
      [7, RST.refusedStream],
    ]);
  });

  it('gives up on a stream whose partner never comes', async () => {
    connect(20);
    await client.synStream(1, { streamtype: 'error', port: String(echoPort), requestid: '9' });
    await client.until('error FIN', () => client.finished(1));
    expect(client.dataOf(1).toString()).toBe('(request=9) timed out waiting for streams');
  });

  it('drops the pod connection when kubectl resets the data stream', async () => {
    connect();
    const before = podSide.length;
    await open('0', echoPort, 1);
    client.data(3, 'x');
    await client.until('connected', () => client.dataOf(3).length === 1);
    const pod = podSide[before]!;
    const closed = new Promise((r) => pod.once('close', r));
    client.send({ type: 'rstStream', streamId: 3, status: RST.cancel });
    await closed;
  });
});
