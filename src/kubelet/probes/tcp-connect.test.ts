// Real sockets, on 127.0.0.1 only.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeDeps } from './probe';
import { closedPort } from './testing';

let server: net.Server;
let port: number;
let accepted = 0;

beforeAll(async () => {
  server = net.createServer((socket) => {
    accepted++;
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const deps: ProbeDeps = { exec: () => Promise.reject(new Error('exec not expected')) };
const target = { podIp: '127.0.0.1', uid: 'u', container: 'db' };

describe('tcpSocket probe over a real socket', () => {
  it('succeeds when the port accepts a connection', async () => {
    expect(await runProbe({ tcpSocket: { port } }, target, deps)).toEqual({ result: 'success', message: '' });
    expect(accepted).toBeGreaterThan(0);
  });

  it('fails with connection refused on a closed port', async () => {
    const closed = await closedPort();
    expect(await runProbe({ tcpSocket: { port: closed } }, target, deps)).toEqual({
      result: 'failure',
      message: `dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });
});
