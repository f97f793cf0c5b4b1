// The Docker runtime for real: our own dockerd in a temp root, images built locally, a test bridge with its own
// name and range, real network namespaces. Traffic goes only to pod addresses this test created. Runs as root
// (CI); skipped with a reason elsewhere. Everything is removed in afterAll, even after a failure.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/types';
import { ensureImages } from '../../src/kubelet/images';
import { IpAllocator, linkExists, type BridgeNetworkPlugin } from '../../src/kubelet/network';
import {
  DockerRuntime,
  ErrImagePull,
  startDockerd,
  type DockerdHandle,
  type PodRuntimeStatus,
} from '../../src/kubelet/runtime';
import { emptyDirPath } from '../../src/kubelet/runtime/docker';
import { canRunDocker as canRun, startDockerNode, stopDockerNode, until, type DockerNode } from './support';

const BRIDGE = 'k8tstest0';
const CIDR = '10.253.7.0/24';
const VETH_PREFIX = 'vk8tst';

let node: DockerNode | undefined;
let root: string;
let dockerd: DockerdHandle | undefined;
let docker: Docker;
let network: BridgeNetworkPlugin;
let runtime: DockerRuntime;
const ipsFile = () => path.join(root, 'kubelet', 'pod-ips.json');

function newRuntime(): DockerRuntime {
  return new DockerRuntime({
    docker,
    rootDir: path.join(root, 'kubelet'),
    network,
    ips: new IpAllocator(CIDR, ipsFile()),
  });
}

function webPod(uid = randomUUID()): Pod {
  const data = [{ name: 'data', mountPath: '/data' }];
  return {
    metadata: { name: 'web', namespace: 'default', uid },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 1,
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'httpd',
          image: 'busybox',
          command: ['httpd', '-f', '-p', '8080', '-h', '/data'],
          volumeMounts: data,
        },
        {
          name: 'writer',
          image: 'k8ts/busybox:1',
          command: [
            'sh',
            '-c',
            'echo started; echo "hello from $(POD_NAME)" > /data/index.html; exec sleep 3600',
          ],
          env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          volumeMounts: data,
        },
      ],
    },
  };
}

const ids = (s: PodRuntimeStatus) => Object.fromEntries(s.containers.map((c) => [c.name, c.id]));

describe.skipIf(!canRun)('DockerRuntime on a real dockerd (needs root, dockerd and busybox-static)', () => {
  beforeAll(async () => {
    node = await startDockerNode({ prefix: 'k8ts-rt-', bridge: BRIDGE, cidr: CIDR, vethPrefix: VETH_PREFIX });
    ({ root, dockerd, docker, network } = node);
    runtime = newRuntime();
  }, 60_000);

  afterAll(() => stopDockerNode(node), 60_000);

  it('reuses the running dockerd for the same root', async () => {
    const again = await startDockerd({ root: path.join(root, 'docker') });
    expect(again).toMatchObject({ reused: true, pid: dockerd!.pid, socket: dockerd!.socket });
  });

  it('builds images only when missing', async () => {
    expect(await ensureImages(docker)).toEqual([]);
    expect(await runtime.imagePresent('busybox')).toBe(true);
    expect(await runtime.imagePresent('k8ts/pause:1')).toBe(true);
  });

  it('runs a two-container pod sharing one IP, localhost and an emptyDir', async () => {
    const pod = webPod();
    const uid = pod.metadata!.uid!;
    const status = await runtime.syncPod(pod);
    expect(status.sandboxReady).toBe(true);
    expect(status.podIp).toMatch(/^10\.253\.7\.\d+$/);
    expect(status.containers.map((c) => [c.name, c.state, c.restartCount])).toEqual([
      ['httpd', 'running', 0],
      ['writer', 'running', 0],
    ]);
    const podIp = status.podIp!;

    // localhost inside the pod: the writer's file, served by the httpd container, fetched from the writer
    const body = await until('the file served on localhost', async () => {
      const r = await runtime.exec(uid, 'writer', ['wget', '-qO-', 'http://127.0.0.1:8080/index.html']);
      return r.exitCode === 0 ? r.stdout : undefined;
    });
    expect(body).toBe('hello from web\n');

    // the pod IP from the host, through the bridge
    const res = await fetch(`http://${podIp}:8080/index.html`, { signal: AbortSignal.timeout(5000) });
    expect(await res.text()).toBe('hello from web\n');

    for (const c of ['httpd', 'writer']) {
      const r = await runtime.exec(uid, c, ['ip', '-4', '-o', 'addr', 'show', 'eth0']);
      expect(r.stdout).toContain(`inet ${podIp}/24`);
      expect((await runtime.exec(uid, c, ['hostname'])).stdout.trim()).toBe('web');
    }
    const route = await runtime.exec(uid, 'httpd', ['ip', 'route']);
    expect(route.stdout).toContain('default via 10.253.7.1 dev eth0');

    // a second sync changes nothing
    expect(ids(await runtime.syncPod(pod))).toEqual(ids(status));

    // a restarted kubelet (a new runtime) adopts the running containers instead of restarting them
    const restarted = newRuntime();
    const adopted = (await restarted.recover()).find((p) => p.uid === uid)!;
    expect(adopted).toMatchObject({ name: 'web', namespace: 'default', podIp });
    expect(Object.fromEntries(adopted.containers.map((c) => [c.name, c.id]))).toEqual(ids(status));
    expect(ids(await restarted.syncPod(pod))).toEqual(ids(status));

    // a container that dies is restarted; its previous attempt's logs stay readable
    await docker.getContainer(ids(status).writer!).kill();
    await expect(restarted.exec(uid, 'writer', ['true'])).rejects.toThrow(
      'container "writer" is not running',
    );
    const after = await restarted.syncPod(pod);
    const writer = after.containers.find((c) => c.name === 'writer')!;
    expect(writer).toMatchObject({ state: 'running', restartCount: 1 });
    expect(writer.id).not.toBe(ids(status).writer);
    const previous = await restarted.logs(uid, 'writer', { previous: true });
    let text = '';
    for await (const chunk of previous) text += chunk.toString();
    expect(text).toBe('started\n');

    // killPod removes the containers, the veth and the emptyDir, and frees the IP
    const veth = network.vethOf(uid);
    expect(await linkExists(veth)).toBe(true);
    const volume = emptyDirPath(path.join(root, 'kubelet'), uid, 'data');
    expect(existsSync(volume)).toBe(true);
    await restarted.killPod(uid, 1);
    expect((await restarted.listPods()).find((p) => p.uid === uid)).toBeUndefined();
    expect(await restarted.getPodStatus(uid)).toBeUndefined();
    expect(await linkExists(veth)).toBe(false);
    expect(existsSync(volume)).toBe(false);
    expect(new IpAllocator(CIDR, ipsFile()).ipOf(uid)).toBeUndefined();
    await restarted.killPod(uid, 1); // idempotent
  }, 45_000);

  it('runs exec with stdin and reports exit codes', async () => {
    const pod = webPod();
    const uid = pod.metadata!.uid!;
    await runtime.syncPod(pod);
    try {
      expect(await runtime.exec(uid, 'httpd', ['cat'], { stdin: 'via stdin' })).toEqual({
        stdout: 'via stdin',
        stderr: '',
        exitCode: 0,
      });
      expect(await runtime.exec(uid, 'httpd', ['sh', '-c', 'echo oops >&2; exit 3'])).toEqual({
        stdout: '',
        stderr: 'oops\n',
        exitCode: 3,
      });
      await expect(runtime.exec(uid, 'nope', ['true'])).rejects.toMatchObject({ code: 404 });

      // follow the writer's log, then hang up: the stream ends without waiting for the container
      const follow = await runtime.logs(uid, 'writer', { follow: true, timestamps: true });
      const first = await new Promise<string>((resolve) =>
        follow.once('data', (d: Buffer) => resolve(d.toString())),
      );
      expect(first).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z started\n$/);
      follow.destroy();
      await expect(runtime.logs(uid, 'writer', { previous: true })).rejects.toThrow(
        'previous terminated container "writer"',
      );
    } finally {
      await runtime.killPod(uid, 0);
    }
  }, 30_000);

  it('fails fast with ErrImagePull for an image that is not present, and never pulls', async () => {
    const pod = webPod();
    const uid = pod.metadata!.uid!;
    pod.spec!.containers[1]!.image = 'registry.invalid/nope:1';
    const started = Date.now();
    await expect(runtime.syncPod(pod)).rejects.toBeInstanceOf(ErrImagePull);
    expect(Date.now() - started).toBeLessThan(5000);
    const status = (await runtime.getPodStatus(uid))!;
    expect(status.containers.find((c) => c.name === 'writer')).toMatchObject({
      state: 'waiting',
      reason: 'ErrImagePull',
      message: expect.stringContaining('registry.invalid/nope:1'),
    });
    expect(status.containers.find((c) => c.name === 'httpd')?.state).toBe('running');
    await runtime.killPod(uid, 0);
    expect(await runtime.getPodStatus(uid)).toBeUndefined();
  }, 30_000);
});
