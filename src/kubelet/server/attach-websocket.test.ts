import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import type { AttachOptions, AttachSession } from '../runtime/runtime';
import { startKubeletServer, type KubeletServer, type ServedKubelet } from './kubelet-server';

const POD: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    containers: [
      { name: 'main', image: 'busybox' },
      { name: 'stopped', image: 'busybox' },
    ],
  },
};

interface Attached {
  options: AttachOptions;
  session: AttachSession;
  resized: [number, number][];
}

/** A container console like `cat` with stdinOnce: stdin comes back on stdout, a warning on stderr. */
function fakeKubelet(attached: Attached[], withAttach = true): ServedKubelet {
  const attach = async (_uid: string, container: string, options: AttachOptions) => {
    if (container === 'stopped')
      throw new StatusError(400, 'BadRequest', 'cannot attach to container "stopped": it is not running');
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdin.pipe(stdout);
    stderr.write('warn\n');
    stdout.on('end', () => stderr.end());
    const resized: [number, number][] = [];
    const session = {
      stdin,
      stdout,
      stderr,
      resize: async (w: number, h: number) => void resized.push([w, h]),
    };
    attached.push({ options, session, resized });
    return session;
  };
  return {
    podByName: (ns, name) => (ns === 'default' && name === 'web' ? POD : undefined),
    runtime: {
      logs: () => Promise.reject(new Error('unused')),
      execStream: () => Promise.reject(new Error('unused')),
      ...(withAttach ? { attach } : {}),
    },
  };
}

type Outcome = { frames: [number, string][] } | { refused: number; message: string };

function attach(server: KubeletServer, path: string, input: Buffer[] = [], protocol = 'v5.channel.k8s.io') {
  return new Promise<Outcome>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/attach/default/web/${path}`, [protocol]);
    const frames: [number, string][] = [];
    ws.on('open', () => input.forEach((b) => ws.send(b)));
    ws.on('message', (d: Buffer) => frames.push([d[0]!, d.subarray(1).toString()]));
    ws.on('close', () => resolve({ frames }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({ refused: res.statusCode ?? 0, message: (JSON.parse(body) as { message: string }).message }),
      );
    });
    ws.on('error', reject);
  });
}

const stdin = (text: string) => Buffer.from([0, ...Buffer.from(text)]);
const closeStdin = Buffer.from([255, 0]);
const resize = (w: number, h: number) =>
  Buffer.from([4, ...Buffer.from(JSON.stringify({ Width: w, Height: h }))]);
const SUCCESS = '{"metadata":{},"status":"Success"}';

describe('kubelet /attach', () => {
  let server: KubeletServer;
  let attached: Attached[];

  beforeEach(async () => {
    attached = [];
    server = await startKubeletServer({ kubelet: fakeKubelet(attached), port: 0, address: '127.0.0.1' });
  });
  afterEach(() => server.close());

  it('joins the container: stdin in, stdout and stderr out, Success on channel 3 when its output ends', async () => {
    const out = await attach(server, 'main?stdin=true&stdout=true&stderr=true', [
      resize(80, 24),
      stdin('hello\n'),
      closeStdin,
    ]);
    expect(attached[0]!.options).toEqual({ stdin: true, stdout: true, stderr: true, tty: false });
    expect(attached[0]!.resized).toEqual([[80, 24]]);
    expect(out).toEqual({
      frames: [
        [2, 'warn\n'],
        [1, 'hello\n'],
        [3, SUCCESS],
      ],
    });
  });

  it('leaves out what was not asked for: with a TTY kubectl asks no stderr', async () => {
    const out = await attach(server, 'main?stdin=1&stdout=1&tty=1', [stdin('x'), closeStdin]);
    expect(attached[0]!.options).toMatchObject({ stderr: false, tty: true });
    expect(out).toEqual({
      frames: [
        [1, 'x'],
        [3, SUCCESS],
      ],
    });
  });

  it('detaches when the client leaves, closing nothing but its own streams', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/attach/default/web/main?stdout=1`, [
      'v5.channel.k8s.io',
    ]);
    await new Promise((r) => ws.on('open', r));
    const { session } = attached[0]!;
    expect(session.stdout.destroyed).toBe(false);
    ws.close();
    await new Promise((r) => session.stdout.once('close', r));
    expect(session.stderr.destroyed).toBe(true);
  });

  it('says on channel 3 why a container cannot be attached to, as the kubelet does after the upgrade', async () => {
    const out = await attach(server, 'stopped?stdin=1&stdout=1', [stdin('lost')]);
    expect(out).toEqual({ frames: [[3, expect.any(String)]] });
    expect(JSON.parse((out as { frames: [number, string][] }).frames[0]![1])).toEqual({
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'cannot attach to container "stopped": it is not running',
    });
  });

  it('refuses before the upgrade with an HTTP Status: unknown container, no stream, SPDY', async () => {
    expect(await attach(server, 'side?stdout=1')).toEqual({
      refused: 404,
      message: 'container "side" not found in pod "web"',
    });
    expect(await attach(server, 'main?tty=1')).toEqual({
      refused: 400,
      message: 'you must specify at least 1 of stdin, stdout, stderr',
    });
    expect(await attach(server, 'main?stdout=1', [], 'base64.channel.k8s.io')).toMatchObject({
      refused: 400,
    });
    const spdy = await fetch(`http://127.0.0.1:${server.port}/attach/default/web/main?stdout=1`, {
      method: 'POST',
    });
    expect([spdy.status, ((await spdy.json()) as { message: string }).message]).toEqual([
      400,
      'Upgrade request required',
    ]);
    expect(attached).toEqual([]);
  });

  it('refuses every attach when the runtime cannot attach', async () => {
    const bare = await startKubeletServer({ kubelet: fakeKubelet([], false), port: 0, address: '127.0.0.1' });
    try {
      expect(await attach(bare, 'main?stdout=1')).toEqual({
        refused: 400,
        message: "this kubelet's runtime does not support attach",
      });
    } finally {
      await bare.close();
    }
  });
});
