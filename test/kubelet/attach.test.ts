// kubectl attach and kubectl run -i end to end: the real /usr/bin/kubectl → in-process apiserver (sqlite) →
// the kubelet's /attach WebSocket on the test bridge's gateway → Docker's attach on our own dockerd. Root only
// (bridge k8tsat0, 10.253.23.0/24); a scheduler runs beside the node, because `kubectl run` leaves the pod
// unscheduled. Everything is removed in afterAll, even after a failure.
// A first block runs without root: the apiserver's proxying of pods/attach (discovery, the upgrade, its
// refusals) against a kubelet server on 127.0.0.1 whose runtime is a hand-written fake.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Pod } from '../../src/api/types';
import type { ApiServer } from '../../src/apiserver';
import { SharedInformerFactory } from '../../src/client';
import type { AttachOptions } from '../../src/kubelet/runtime';
import { Scheduler } from '../../src/scheduler/scheduler';
import {
  canRunDocker,
  startFakeKubeletApi,
  type FakeKubeletApi,
  kubectlOn,
  createRunningPod,
  startKubeletNode,
  stopKubeletNode,
  until,
  type KubeletNode,
} from './support';

const SUCCESS = '{"metadata":{},"status":"Success"}';

type Outcome = { protocol?: string; frames: [number, string][] } | { refused: number; message: string };

/** Opens a v5 attach through an apiserver; resolves with the frames, or the refusal's code and message. */
function attach(apiUrl: string, pod: string, query: string, input: Buffer[] = []): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const url = `${apiUrl.replace('http', 'ws')}/api/v1/namespaces/default/pods/${pod}/attach?${query}`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io']);
    const frames: [number, string][] = [];
    ws.on('open', () => input.forEach((b) => ws.send(b)));
    ws.on('message', (d: Buffer) => frames.push([d[0]!, d.subarray(1).toString()]));
    ws.on('close', () => resolve({ protocol: ws.protocol, frames }));
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

describe('the apiserver proxying attach to a kubelet (fake runtime)', () => {
  let fake: FakeKubeletApi | undefined;
  let api: ApiServer;
  const asked: AttachOptions[] = [];

  beforeAll(async () => {
    fake = await startFakeKubeletApi('k8ts-at-fake-', {
      logs: () => Promise.reject(new Error('unused')),
      execStream: () => Promise.reject(new Error('unused')),
      // A console that answers each line of stdin with its length and ends when stdin does.
      async attach(_uid, _container, options) {
        asked.push(options);
        const stdin = new PassThrough();
        const stdout = new PassThrough();
        stdin.on('data', (d: Buffer) => stdout.write(`${d.length}\n`));
        stdin.on('end', () => stdout.end());
        return { stdin, stdout, stderr: new PassThrough().end() };
      },
    });
    api = fake.api;
    await fake.addNode('fake-node');
    await fake.add('one', {
      nodeName: 'fake-node',
      containers: [{ name: 'main', image: 'busybox', stdin: true }],
    });
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('lists pods/attach in discovery with the verbs kubectl checks', async () => {
    const res = await fetch(`${api.url}/api/v1`);
    const list = (await res.json()) as { resources: { name: string; kind: string; verbs: string[] }[] };
    expect(list.resources.find((r) => r.name === 'pods/attach')).toMatchObject({
      kind: 'PodAttachOptions',
      verbs: ['create', 'get'],
    });
  });

  it('proxies the upgrade with the stream flags and no other parameter; frames pass both ways', async () => {
    const out = await attach(api.url, 'one', 'container=main&stdin=true&stdout=true&command=rm', [
      Buffer.from([0, ...Buffer.from('hello')]),
      Buffer.from([255, 0]),
    ]);
    expect(out).toEqual({
      protocol: 'v5.channel.k8s.io',
      frames: [
        [1, '5\n'],
        [3, SUCCESS],
      ],
    });
    expect(asked).toEqual([{ stdin: true, stdout: true, stderr: false, tty: false }]);
  });

  it('refuses what it cannot serve with a Status: no upgrade, a bad container, a missing pod', async () => {
    const plain = await fetch(`${api.url}/api/v1/namespaces/default/pods/one/attach?stdout=true`, {
      method: 'POST',
    });
    expect([plain.status, ((await plain.json()) as { message: string }).message]).toEqual([
      400,
      'Upgrade request required',
    ]);
    expect(await attach(api.url, 'one', 'container=side&stdout=true')).toEqual({
      refused: 400,
      message: 'container side is not valid for pod one',
    });
    expect(await attach(api.url, 'nope', 'stdout=true')).toEqual({
      refused: 404,
      message: 'pods "nope" not found',
    });
  });
});

const NODE = 'at-node';
const CIDR = '10.253.23.0/24';
const NODE_IP = '10.253.23.1';
const TICKER = 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done';

describe.skipIf(!canRunDocker)('kubectl attach and run -i on Docker (needs root and dockerd)', () => {
  let node: KubeletNode | undefined;
  let factory: SharedInformerFactory | undefined;
  let scheduling: Promise<void> | undefined;
  const stopScheduler = new AbortController();
  const { kubectl, run, killAll } = kubectlOn(() => node);

  const mainState = async (pod: string) => {
    const p = await node!.client.get<Pod>('pods', 'default', pod);
    const status = await node!.runtime.getPodStatus(p.metadata!.uid!);
    return status?.containers.find((c) => c.name === 'main')?.state;
  };

  beforeAll(async () => {
    node = await startKubeletNode({
      prefix: 'k8ts-at-',
      bridge: 'k8tsat0',
      cidr: CIDR,
      vethPrefix: 'vk8tsat',
      nodeName: NODE,
      nodeIp: NODE_IP,
      server: true,
    });
    factory = new SharedInformerFactory(node.client);
    scheduling = new Scheduler({ client: node.client, factory }).run(stopScheduler.signal);
    await createRunningPod(
      node.client,
      NODE,
      'ticker',
      { name: 'main', command: ['sh', '-c', TICKER] },
      20_000,
    );
  }, 90_000);

  afterAll(async () => {
    try {
      killAll();
      stopScheduler.abort();
      await scheduling;
      factory?.stop();
    } finally {
      await stopKubeletNode(node);
    }
  }, 60_000);

  it('kubectl run -i --rm feeds stdin to the new pod, prints its answer, then deletes the pod', async () => {
    const out = await run(
      [
        'run',
        '-i',
        '--rm',
        '--restart=Never',
        'greeter',
        '--image=busybox',
        '--',
        'sh',
        '-c',
        'read x; echo got $x',
      ],
      'hello\n',
    );
    expect(out).toMatchObject({ code: 0 });
    expect(out.stdout).toBe('got hello\npod "greeter" deleted\n');
    await until(
      'greeter gone',
      () =>
        node!.client.get<Pod>('pods', 'default', 'greeter').then(
          () => undefined,
          () => true,
        ),
      15_000,
    );
  }, 45_000);

  it('kubectl run -it gives the container a TTY: its answer comes back through the terminal', async () => {
    const out = await run(
      [
        'run',
        '-it',
        '--rm',
        '--restart=Never',
        'tty',
        '--image=busybox',
        '--',
        'sh',
        '-c',
        'read x; echo got $x; tty',
      ],
      'hello\n',
    );
    expect(out).toMatchObject({ code: 0 });
    // The terminal echoes the input and ends lines with CR LF; stdin's end did not cut the answer short.
    expect(out.stdout).toMatch(/^hello\r\ngot hello\r\n\/dev\/pts\/\d+\r\npod "tty" deleted\n$/);
  }, 45_000);

  it("the Docker runtime resizes an attached container's TTY", async () => {
    const pod = await createRunningPod(
      node!.client,
      NODE,
      'sized',
      { name: 'main', tty: true, stdin: true, command: ['sh', '-c', 'read x; stty size'] },
      20_000,
    );
    const session = await node!.runtime.attach(pod.metadata!.uid!, 'main', {
      stdin: true,
      stdout: true,
      tty: true,
    });
    let out = '';
    session.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise((r) => session.stdout.once('end', r));
    await session.resize!(100, 40);
    session.stdin!.write('go\n');
    await ended;
    expect(out).toContain('40 100\r\n');
  }, 30_000);

  it('kubectl attach shows what a running container prints; Ctrl-C detaches and leaves it running', async () => {
    const attached = kubectl(['attach', 'ticker']);
    let out = '';
    attached.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const ticks = () => out.match(/^tick \d+$/gm) ?? [];
    await until('three ticks', async () => (ticks().length >= 3 ? true : undefined), 15_000);
    const [first, next] = ticks().map((t) => Number(t.split(' ')[1]));
    expect(next).toBe(first! + 1); // live lines in order, none of the log before the attach replayed
    expect(first).toBeGreaterThan(1);
    const exited = new Promise((r) => attached.once('exit', r));
    attached.kill('SIGINT');
    await exited;
    const last = Number(ticks().at(-1)!.split(' ')[1]);
    expect(await mainState('ticker')).toBe('running');
    await until(
      'ticks after the detach',
      async () => {
        const logs = await run(['logs', 'ticker', '--tail=1']);
        return Number(logs.stdout.split(' ')[1]) > last + 2 ? true : undefined;
      },
      10_000,
    );
    expect(await mainState('ticker')).toBe('running');
  }, 30_000);

  it('kubectl attach to a container the pod does not have is refused at once', async () => {
    const started = Date.now();
    const out = await run(['attach', 'ticker', '-c', 'side']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('container side not found in pod ticker'); // kubectl's own check
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('attach to a container that has exited fails at once with the reason from the kubelet', async () => {
    // A second container keeps the pod Running, so kubectl's own completed-pod check lets the request through.
    await node!.client.create<Pod>('pods', 'default', {
      metadata: { name: 'half' },
      spec: {
        nodeName: NODE,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: 'main', image: 'busybox', command: ['true'] },
          { name: 'side', image: 'busybox', command: ['sleep', '3600'] },
        ],
      },
    });
    await until(
      'main exited',
      async () => ((await mainState('half')) === 'exited' ? true : undefined),
      20_000,
    );
    const failed = await attach(node!.api.url, 'half', 'container=main&stdout=true&stderr=true');
    expect(failed).toMatchObject({ frames: [[3, expect.any(String)]] });
    expect(JSON.parse((failed as { frames: [number, string][] }).frames[0]![1])).toMatchObject({
      status: 'Failure',
      code: 400,
      message: 'cannot attach to container "main": it is not running (state: exited)',
    });
    const started = Date.now();
    const out = await run(['attach', 'half', '-c', 'main']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('cannot attach to container "main": it is not running (state: exited)');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
