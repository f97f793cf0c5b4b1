// Real sockets, on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { httpGet, MAX_BODY_BYTES } from './http-get';
import { runProbe, type ProbeDeps, type ProbeTarget } from './probe';
import { closedPort, flush } from './testing';

let server: http.Server;
let port: number;
const seen: http.IncomingHttpHeaders[] = [];
let hung: http.ServerResponse | undefined;
let hungClosed = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.on('error', () => {}); // the prober hangs up on big bodies
    if (req.url === '/fail') return void res.writeHead(500).end('broken');
    if (req.url === '/moved') return void res.writeHead(301, { Location: '/fail' }).end();
    if (req.url === '/big') return void res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'x'));
    if (req.url === '/hang') {
      hung = res;
      res.on('close', () => (hungClosed = true));
      return;
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  hung?.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const deps: ProbeDeps = { exec: () => Promise.reject(new Error('exec not expected')) };
const target = (): ProbeTarget => ({
  podIp: '127.0.0.1',
  uid: 'u',
  container: 'web',
  ports: [{ name: 'http', containerPort: port }],
});

describe('httpGet probe over a real socket', () => {
  it('succeeds on 200 from the named port', async () => {
    expect(await runProbe({ httpGet: { port: 'http', path: '/ok' } }, target(), deps)).toEqual({
      result: 'success',
      message: 'ok',
    });
  });

  it('fails on 500 with the status code', async () => {
    expect(await runProbe({ httpGet: { port, path: '/fail' } }, target(), deps)).toEqual({
      result: 'failure',
      message: 'HTTP probe failed with statuscode: 500',
    });
  });

  it('does not follow a 301 (which counts as success)', async () => {
    const before = seen.length;
    expect((await runProbe({ httpGet: { port, path: '/moved' } }, target(), deps)).result).toBe('success');
    expect(seen.length - before).toBe(1); // /fail was never asked for
  });

  it('sends the probe headers, kube-probe User-Agent and a closed connection', async () => {
    const httpHeaders = [
      { name: 'X-Custom', value: 'a' },
      { name: 'Host', value: 'example.test' },
    ];
    const outcome = await runProbe({ httpGet: { port, path: '/ok', httpHeaders } }, target(), deps);
    expect(outcome.result).toBe('success');
    expect(seen.at(-1)).toMatchObject({
      'x-custom': 'a',
      host: 'example.test',
      'user-agent': 'kube-probe/1.32',
      accept: '*/*',
      connection: 'close',
    });
  });

  it('fails, rather than throws, on a header value Node will not send', async () => {
    const httpHeaders = [{ name: 'X-Bad', value: 'a\nb' }];
    const outcome = await runProbe({ httpGet: { port, httpHeaders } }, target(), deps);
    expect(outcome.result).toBe('failure');
    expect(outcome.message).toMatch(new RegExp(`^Get "http://127.0.0.1:${port}/": `));
  });

  it('reads at most 10 KiB of the body', async () => {
    const request = {
      host: '127.0.0.1',
      port,
      path: '/big',
      headers: {},
      url: `http://127.0.0.1:${port}/big`,
    };
    const res = await httpGet(request, new AbortController().signal);
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBe(MAX_BODY_BYTES);
  });

  it('words a refused connection like the kubelet', async () => {
    const closed = await closedPort();
    expect(await runProbe({ httpGet: { port: closed } }, target(), deps)).toEqual({
      result: 'failure',
      message: `Get "http://127.0.0.1:${closed}/": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });

  it('gives up at the deadline on the injected clock and hangs up', async () => {
    const clock = new FakeClock();
    const p = runProbe({ httpGet: { port, path: '/hang' } }, target(), { ...deps, clock });
    while (!hung) await flush(); // the server has the request
    clock.step(1000);
    expect((await p).message).toContain('context deadline exceeded');
    while (!hungClosed) await flush(); // and the prober's connection is gone
  });
});
