// kubectl logs and kubectl exec end to end: the real /usr/bin/kubectl → in-process apiserver (sqlite) → the
// kubelet's HTTP server (src/kubelet/server) on the test bridge's gateway address → our own dockerd. Root only
// (bridge k8tsle0, 10.253.15.0/24); everything is removed in afterAll, even after a failure.
// A first block runs without root: the apiserver's proxying (log streaming, the exec upgrade, every refusal)
// against a kubelet server on 127.0.0.1 whose runtime is a hand-written fake.
// kubectl port-forward has its own spec: test/kubelet/port-forward.test.ts.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Pod } from '../../src/api/types';
import type { ApiServer } from '../../src/apiserver';
import { KubeClient } from '../../src/client';
import {
  canRunDocker,
  kubectlOn,
  startFakeKubeletApi,
  type FakeKubeletApi,
  createRunningPod,
  startKubeletNode,
  stopKubeletNode,
  until,
  type KubeletNode,
} from './support';

const NODE = 'le-node';
const CIDR = '10.253.15.0/24';
const NODE_IP = '10.253.15.1';
let node: KubeletNode | undefined;
let client: KubeClient;
const { kubectl, run, killAll } = kubectlOn(() => node, 20_000);

const TALKER = [
  'echo line1; echo line2; echo line3',
  'while true; do if [ -f /tmp/go ]; then echo fresh; rm /tmp/go; fi; sleep 0.2; done',
].join('; ');

describe('the apiserver proxying logs and exec to a kubelet (fake runtime)', () => {
  let fake: FakeKubeletApi | undefined;
  let api2: ApiServer;
  const followers: PassThrough[] = [];
  const log = (pod: string, query = '') =>
    fetch(`${api2.url}/api/v1/namespaces/default/pods/${pod}/log${query}`);
  const message = async (res: Response) => ((await res.json()) as { message: string }).message;

  /** Opens a v5 exec through the apiserver; resolves with the frames, or the HTTP status of a refusal. */
  const exec = (pod: string, query: string, input: Buffer[] = []) =>
    new Promise<{ protocol?: string; frames?: [number, string][]; refused?: number }>((resolve, reject) => {
      const url = `${api2.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/${pod}/exec?${query}`;
      const ws = new WebSocket(url, ['v5.channel.k8s.io']);
      const frames: [number, string][] = [];
      ws.on('open', () => input.forEach((b) => ws.send(b)));
      ws.on('message', (d: Buffer) => frames.push([d[0]!, d.subarray(1).toString()]));
      ws.on('close', () => resolve({ protocol: ws.protocol, frames }));
      ws.on('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
      ws.on('error', reject);
    });

  beforeAll(async () => {
    fake = await startFakeKubeletApi('k8ts-le-fake-', {
      async logs(_uid, container, options = {}) {
        const out = new PassThrough();
        out.write(`${container} says hello\n`);
        if (options.follow) followers.push(out);
        else out.end();
        return out;
      },
      async execStream(_uid, container, cmd, options = {}) {
        const stdin = options.stdin ? new PassThrough() : undefined;
        const stdout = new PassThrough();
        if (stdin) stdin.pipe(stdout);
        else stdout.end(`${container}: ${cmd.join(' ')}\n`);
        const exitCode = new Promise<number>((r) => stdout.on('end', () => r(0)));
        return { stdin, stdout, stderr: new PassThrough().end(), exitCode };
      },
    });
    api2 = fake.api;
    const created = fake.add.bind(fake);
    await fake.addNode('fake-node');
    await fake.addNode('no-kubelet', false);
    const main = [{ name: 'main', image: 'busybox' }];
    await created('one', { nodeName: 'fake-node', containers: main });
    await created('two', {
      nodeName: 'fake-node',
      containers: [
        { name: 'a', image: 'busybox' },
        { name: 'b', image: 'busybox' },
      ],
    });
    await created('loose', { containers: main });
    await created('stranded', { nodeName: 'no-kubelet', containers: main });
    await fake.client.create<Pod>('pods', 'default', {
      metadata: { name: 'unknown-to-kubelet' },
      spec: { nodeName: 'fake-node', containers: main },
    });
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('relays the log of the only container, or of the one named', async () => {
    const res = await log('one');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('main says hello\n');
    expect(await (await log('two', '?container=b')).text()).toBe('b says hello\n');
  });

  it('refuses logs with the Kubernetes wording: several containers, bad container, unscheduled, no kubelet', async () => {
    const several = await log('two');
    expect(several.status).toBe(400);
    expect(await message(several)).toBe(
      'a container name must be specified for pod two, choose one of: [a b]',
    );
    const bad = await log('one', '?container=side');
    expect([bad.status, await message(bad)]).toEqual([400, 'container side is not valid for pod one']);
    const loose = await log('loose');
    expect([loose.status, await message(loose)]).toEqual([400, 'pod loose does not have a host assigned']);
    expect((await log('stranded')).status).toBe(503);
    expect((await log('nope')).status).toBe(404);
  });

  it('keeps a follow open while the kubelet streams, and aborts the kubelet stream when the client leaves', async () => {
    const abort = new AbortController();
    const res = await fetch(`${api2.url}/api/v1/namespaces/default/pods/one/log?follow=true`, {
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('main says hello\n');
    const stream = followers.at(-1)!;
    stream.write('later\n');
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('later\n');
    abort.abort();
    await until('the kubelet stream destroyed', async () => (stream.destroyed ? true : undefined));
  });

  it('proxies an exec upgrade: the kubelet chooses v5 and frames pass both ways', async () => {
    const plain = await exec('one', 'command=echo&command=hi&container=main&stdout=true&stderr=true');
    expect(plain).toMatchObject({
      protocol: 'v5.channel.k8s.io',
      frames: [
        [1, 'main: echo hi\n'],
        [3, '{"metadata":{},"status":"Success"}'],
      ],
    });
    const piped = await exec('one', 'command=cat&stdin=true&stdout=true', [
      Buffer.from([0, ...Buffer.from('typed')]),
      Buffer.from([255, 0]),
    ]);
    expect(piped.frames![0]).toEqual([1, 'typed']);
  });

  it('answers a refused exec with an HTTP status from the apiserver or the kubelet', async () => {
    expect(await exec('nope', 'command=ls&stdout=true')).toEqual({ refused: 404 });
    expect(await exec('loose', 'command=ls&stdout=true')).toEqual({ refused: 400 });
    expect(await exec('one', 'command=ls&stdout=true&container=side')).toEqual({ refused: 400 });
    expect(await exec('unknown-to-kubelet', 'command=ls&stdout=true')).toEqual({ refused: 404 });
  });
});

describe.skipIf(!canRunDocker)('kubectl logs and exec through the apiserver (needs root and dockerd)', () => {
  beforeAll(async () => {
    node = await startKubeletNode({
      prefix: 'k8ts-le-',
      bridge: 'k8tsle0',
      cidr: CIDR,
      vethPrefix: 'vk8tsle',
      nodeName: NODE,
      nodeIp: NODE_IP,
      server: true,
    });
    ({ client } = node);
    await createRunningPod(client, NODE, 'talker', { name: 'main', command: ['sh', '-c', TALKER] }, 20_000);
  }, 90_000);

  afterAll(async () => {
    try {
      killAll();
    } finally {
      await stopKubeletNode(node);
    }
  }, 60_000);

  it('kubectl logs prints what the container wrote', async () => {
    const out = await until('three lines', async () => {
      const r = await run(['logs', 'talker']);
      return r.stdout.includes('line3') ? r : undefined;
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('line1\nline2\nline3\n');
  }, 20_000);

  it('kubectl logs --tail=1 prints only the last line', async () => {
    const out = await run(['logs', 'talker', '--tail=1']);
    expect(out).toMatchObject({ code: 0, stdout: 'line3\n' });
  }, 20_000);

  it('kubectl logs --limit-bytes prints only the first bytes, --since-time only the later lines', async () => {
    expect(await run(['logs', 'talker', '--limit-bytes=7'])).toMatchObject({ code: 0, stdout: 'line1\nl' });
    // kubectl sends --since-time to the second: a line written a second after the others can be told apart.
    const writtenBefore = Date.now();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await run(['exec', 'talker', '--', 'sh', '-c', 'echo late > /proc/1/fd/1'])).code).toBe(0);
    const late = await until('the late line', async () => {
      const lines = (await run(['logs', 'talker', '--timestamps'])).stdout.split('\n');
      return lines.find((l) => l.endsWith(' late'));
    });
    const at = late.split(' ')[0]!;
    expect(Date.parse(at)).toBeGreaterThan(writtenBefore);
    expect(await run(['logs', 'talker', `--since-time=${at}`])).toMatchObject({ code: 0, stdout: 'late\n' });
    expect((await run(['logs', 'talker', '--since=1h'])).stdout).toMatch(/^line1\nline2\nline3\n/);
  }, 20_000);

  it('kubectl logs of a missing pod says so', async () => {
    const out = await run(['logs', 'nope']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('pods "nope" not found');
  }, 20_000);

  it('kubectl logs -f streams a line written after it started', async () => {
    const follower = kubectl(['logs', '-f', 'talker']);
    let out = '';
    follower.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the old lines', async () => (out.includes('line3') ? true : undefined));
    expect(out).not.toContain('fresh');
    expect((await run(['exec', 'talker', '--', 'touch', '/tmp/go'])).code).toBe(0);
    await until('the new line', async () => (out.includes('fresh\n') ? true : undefined));
    expect(follower.exitCode).toBeNull(); // still following
    const exited = new Promise((r) => follower.once('exit', r));
    follower.kill('SIGKILL');
    await exited;
  }, 20_000);

  it('kubectl exec runs a command in the container and prints its output', async () => {
    const out = await run(['exec', 'talker', '--', 'cat', '/etc/hostname']);
    expect(out).toMatchObject({ code: 0, stdout: 'talker\n' });
  }, 20_000);

  it('kubectl exec exits with the command exit code', async () => {
    const out = await run(['exec', 'talker', '--', 'sh', '-c', 'exit 3']);
    expect(out.code).toBe(3);
    expect(out.stderr).toContain('command terminated with exit code 3');
  }, 20_000);

  it('kubectl exec -i passes stdin to the command', async () => {
    const out = await run(['exec', '-i', 'talker', '--', 'cat'], 'hi');
    expect(out).toMatchObject({ code: 0, stdout: 'hi' });
  }, 20_000);

  it('kubectl exec names a container that is not in the pod', async () => {
    const out = await run(['exec', 'talker', '-c', 'side', '--', 'true']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('container side is not valid for pod talker');
  }, 20_000);
});
