import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import type { ExecSession, LogOptions } from '../runtime/runtime';
import { startKubeletServer, type KubeletServer, type ServedKubelet } from './kubelet-server';

const POD: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'main', image: 'busybox' }] },
};

/** A runtime whose logs are fixed lines and whose exec runs `echo`, `cat` (stdin → stdout) or `exit N`. */
function fakeKubelet(calls: LogOptions[]): ServedKubelet {
  return {
    podByName: (ns, name) => (ns === 'default' && name === 'web' ? POD : undefined),
    runtime: {
      async logs(uid, container, options = {}) {
        calls.push(options);
        if (uid !== 'u1' || container !== 'main') throw new StatusError(404, 'NotFound', 'no such container');
        return Readable.from(['one\n', 'two\n']);
      },
      async execStream(_uid, _container, cmd, options): Promise<ExecSession> {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        if (cmd[0] === 'cat') {
          await new Promise((r) => setTimeout(r, 20)); // a runtime slower than kubectl's first stdin frame
          const stdin = new PassThrough();
          stdin.pipe(stdout);
          stderr.end();
          return { stdin, stdout, stderr, exitCode: new Promise((r) => stdout.on('end', () => r(0))) };
        }
        if (cmd[0] === 'exit') {
          stdout.end();
          stderr.end('bye\n');
          return { stdout, stderr, exitCode: Promise.resolve(Number(cmd[1])) };
        }
        stdout.end(`${cmd.slice(1).join(' ')}\n`);
        stderr.end();
        return {
          ...(options?.stdin ? { stdin: new PassThrough() } : {}),
          stdout,
          stderr,
          exitCode: Promise.resolve(0),
        };
      },
    },
  };
}

interface ExecOutcome {
  protocol: string;
  frames: [number, string][];
}

function exec(server: KubeletServer, query: string, input?: Buffer[]): Promise<ExecOutcome> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/exec/default/web/main?${query}`, [
    'v5.channel.k8s.io',
  ]);
  const frames: [number, string][] = [];
  return new Promise((resolve, reject) => {
    ws.on('open', () => input?.forEach((b) => ws.send(b)));
    ws.on('message', (data: Buffer) => frames.push([data[0]!, data.subarray(1).toString()]));
    ws.on('close', () => resolve({ protocol: ws.protocol, frames }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('kubelet server', () => {
  let server: KubeletServer;
  let calls: LogOptions[];

  beforeEach(async () => {
    calls = [];
    server = await startKubeletServer({ kubelet: fakeKubelet(calls), port: 0, address: '127.0.0.1' });
  });
  afterEach(() => server.close());

  const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);

  it('answers /healthz with ok and unknown paths with a 404 Status', async () => {
    expect(await (await get('/healthz')).text()).toBe('ok');
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('offers requests to the POST /pods source first when it is mounted', async () => {
    const mounted = await startKubeletServer({
      kubelet: fakeKubelet(calls),
      port: 0,
      address: '127.0.0.1',
      httpSource: {
        handle: (req, res) => {
          if (!req.url?.startsWith('/pods')) return false;
          res.end('from the source');
          return true;
        },
      },
    });
    try {
      const at = (p: string) => fetch(`http://127.0.0.1:${mounted.port}${p}`);
      expect(await (await at('/pods')).text()).toBe('from the source');
      expect(await (await at('/healthz')).text()).toBe('ok');
      expect((await at('/containerLogs/default/web/main')).status).toBe(200);
    } finally {
      await mounted.close();
    }
    expect((await get('/pods')).status).toBe(404); // not mounted on the default server
  });

  it('streams a container log as text/plain with the options from the query', async () => {
    const res = await get('/containerLogs/default/web/main?follow=true&tailLines=5&timestamps=1');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('one\ntwo\n');
    expect(calls).toEqual([{ follow: true, tail: 5, previous: false, timestamps: true }]);
  });

  it('answers 404 for an unknown pod or container and 400 for a bad tailLines', async () => {
    const pod = await get('/containerLogs/default/nope/main');
    expect(pod.status).toBe(404);
    expect(((await pod.json()) as { message: string }).message).toBe('pods "nope" not found');
    const container = await get('/containerLogs/default/web/side');
    expect(((await container.json()) as { message: string }).message).toBe(
      'container "side" not found in pod "web"',
    );
    expect((await get('/containerLogs/default/web/main?tailLines=x')).status).toBe(400);
  });

  it('passes --since and --since-time on as a start time, and stops after --limit-bytes', async () => {
    const before = Date.now();
    expect(await (await get('/containerLogs/default/web/main?sinceSeconds=60&limitBytes=6')).text()).toBe(
      'one\ntw',
    );
    expect(calls[0]!.sinceMs).toBeGreaterThanOrEqual(before - 60_000);
    expect(calls[0]!.sinceMs).toBeLessThanOrEqual(Date.now() - 60_000);
    await get('/containerLogs/default/web/main?sinceTime=2026-11-26T08:00:00.5Z');
    expect(calls[1]!.sinceMs).toBe(Date.parse('2026-11-26T08:00:00.5Z'));
    const refused = async (query: string) => {
      const res = await get(`/containerLogs/default/web/main?${query}`);
      return { code: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await refused('sinceSeconds=1&sinceTime=2026-11-26T08:00:00Z')).toEqual({
      code: 400,
      message: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
    expect(await refused('limitBytes=0')).toEqual({
      code: 400,
      message: 'limitBytes: Invalid value: 0: must be greater than 0',
    });
    expect((await refused('sinceTime=yesterday')).code).toBe(400);
    expect(calls).toHaveLength(2);
  });

  it('runs an exec over v5.channel.k8s.io: stdout on channel 1, then a Success status on 3', async () => {
    const out = await exec(server, 'command=echo&command=hi&stdout=1&stderr=1');
    expect(out.protocol).toBe('v5.channel.k8s.io');
    expect(out.frames).toEqual([
      [1, 'hi\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  it('reports a non-zero exit as NonZeroExitCode with the code as a cause', async () => {
    const out = await exec(server, 'command=exit&command=3&stdout=1&stderr=1');
    expect(out.frames[0]).toEqual([2, 'bye\n']);
    const status = JSON.parse(out.frames[1]![1]) as Record<string, unknown>;
    expect(out.frames[1]![0]).toBe(3);
    expect(status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('feeds channel 0 to stdin and ends it on the v5 close frame', async () => {
    const out = await exec(server, 'command=cat&stdin=1&stdout=1', [
      Buffer.from([0, ...Buffer.from('hi')]),
      Buffer.from([255, 0]),
    ]);
    expect(out.frames).toEqual([
      [1, 'hi'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  it('refuses an exec for an unknown pod, or without a channel protocol, with an HTTP Status', async () => {
    await expect(exec(server, 'command=ls&stdout=1').then(() => 'ok')).resolves.toBe('ok');
    const refused = (protocols: string[], path = '/exec/default/web/main?command=ls&stdout=1') =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, protocols);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('upgraded')));
        ws.on('error', () => undefined);
      });
    expect(await refused(['base64.channel.k8s.io'])).toBe(400);
    expect(await refused(['v5.channel.k8s.io'], '/exec/default/nope/main?command=ls&stdout=1')).toBe(404);
    expect(await refused(['v5.channel.k8s.io'], '/exec/default/web/main?stdout=1')).toBe(400);
  });
});
