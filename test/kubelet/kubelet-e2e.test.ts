// The kubelet for real: our own dockerd, an in-process apiserver on sqlite, and a Kubelet with the Docker runtime
// on a test bridge (k8tske0, 10.253.9.0/24). A pod bound through the API runs and reports its IP; a killed
// container is restarted; a 2014 manifest file becomes a static pod with a mirror in the API; a restarted
// kubelet adopts everything; a deleted pod is stopped and removed from the API. Root only; everything is
// removed in afterAll, even after a failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/types';
import { startApiServer, type ApiServer } from '../../src/apiserver';
import { KubeClient } from '../../src/client';
import { ApiserverSource, FileSource } from '../../src/kubelet/config';
import { Kubelet } from '../../src/kubelet/kubelet';
import { IpAllocator } from '../../src/kubelet/network';
import { DockerRuntime, LABEL_MANAGED, LABEL_POD_UID } from '../../src/kubelet/runtime';
import { canRunDocker, startDockerNode, stopDockerNode, until, type DockerNode } from './support';

const NODE = 'e2e-node';
const CIDR = '10.253.9.0/24';

let node: DockerNode | undefined;
let api: ApiServer | undefined;
let client: KubeClient;
let kubelet: Kubelet | undefined;

function newKubelet(): Kubelet {
  const { root, docker, network } = node!;
  const rootDir = path.join(root, 'kubelet');
  const runtime = new DockerRuntime({
    docker,
    rootDir,
    network,
    ips: new IpAllocator(CIDR, path.join(rootDir, 'pod-ips.json')),
    nodeName: NODE,
  });
  return new Kubelet({
    nodeName: NODE,
    client,
    runtime,
    sources: [
      new FileSource({ path: path.join(root, 'manifests'), nodeName: NODE, intervalMs: 500 }),
      new ApiserverSource({ nodeName: NODE, client }),
    ],
    nodeIp: '10.253.9.1',
    podCidr: CIDR,
    resyncIntervalMs: 500,
    statusIntervalMs: 2000,
    containerRuntimeVersion: 'docker://test',
    healthCheck: async () => void (await docker.ping()),
  });
}

const getPod = (name: string) => client.get<Pod>('pods', 'default', name);

async function containerIds(uid: string): Promise<string[]> {
  const list = await node!.docker.listContainers({ filters: { label: [`${LABEL_POD_UID}=${uid}`] } });
  return list.map((c) => c.Id).sort();
}

describe.skipIf(!canRunDocker)('kubelet end to end (needs root, dockerd and busybox-static)', () => {
  beforeAll(async () => {
    node = await startDockerNode({
      prefix: 'k8ts-kl-',
      bridge: 'k8tske0',
      cidr: CIDR,
      vethPrefix: 'vk8tske',
    });
    mkdirSync(path.join(node.root, 'manifests'));
    api = await startApiServer({ store: 'sqlite', dataDir: path.join(node.root, 'api'), insecurePort: 0 });
    client = new KubeClient({ server: api.url });
    kubelet = newKubelet();
    await kubelet.start();
  }, 60_000);

  afterAll(async () => {
    try {
      await kubelet?.stop();
      client?.close();
      await api?.close();
    } finally {
      await stopDockerNode(node);
    }
  }, 60_000);

  let uid = '';

  it('runs a pod bound to the node and reports it Running with its pod IP', async () => {
    const created = await client.create<Pod>('pods', 'default', {
      metadata: { name: 'web' },
      spec: {
        nodeName: NODE,
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }],
      },
    });
    uid = created.metadata!.uid!;
    const status = await until('the pod Running with an IP', async () => {
      const s = (await getPod('web')).status;
      return s?.phase === 'Running' && s.podIP ? s : undefined;
    });
    expect(status.podIP).toMatch(/^10\.253\.9\.\d+$/);
    expect(status.containerStatuses![0]).toMatchObject({ ready: true, restartCount: 0 });
    const nodeObj = await client.get('nodes', undefined, NODE);
    expect(nodeObj.status).toMatchObject({
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]),
    });
  }, 20_000);

  it('restarts a container killed behind its back', async () => {
    const [id] = (await getPod('web')).status!.containerStatuses![0]!.containerID!.split('//').slice(1);
    await node!.docker.getContainer(id!).kill();
    const restarted = await until('restartCount 1', async () => {
      const c = (await getPod('web')).status?.containerStatuses?.[0];
      return c?.restartCount === 1 && c.state?.running ? c : undefined;
    });
    expect(restarted.containerID).not.toBe(`docker://${id}`);
  }, 20_000);

  it('runs a 2014 manifest file as a static pod shown as a mirror pod', async () => {
    writeFileSync(
      path.join(node!.root, 'manifests', 'static.yaml'),
      'version: v1beta1\nid: static\ncontainers:\n  - name: main\n    image: busybox\n    command: ["sleep", "3600"]\n',
    );
    const mirror = await until('the mirror pod Running', async () => {
      const p = await getPod(`static-${NODE}`);
      return p.status?.phase === 'Running' ? p : undefined;
    });
    expect(mirror.metadata!.annotations!['kubernetes.io/config.mirror']).toBeTruthy();
    expect(mirror.spec!.nodeName).toBe(NODE);
  }, 20_000);

  it('adopts running containers after a restart: same ids, same restart counts', async () => {
    const before = await containerIds(uid);
    const all = await node!.docker.listContainers({ filters: { label: [`${LABEL_MANAGED}=true`] } });
    await kubelet!.stop(); // no clean-up: the pods keep running
    kubelet = newKubelet();
    await kubelet.start();
    await new Promise((r) => setTimeout(r, 2500)); // several resyncs and a heartbeat
    expect(await containerIds(uid)).toEqual(before);
    const after = await node!.docker.listContainers({ filters: { label: [`${LABEL_MANAGED}=true`] } });
    expect(after.map((c) => c.Id).sort()).toEqual(all.map((c) => c.Id).sort());
    expect((await getPod('web')).status!.containerStatuses![0]!.restartCount).toBe(1);
  }, 20_000);

  it('stops a deleted pod and removes it from the API', async () => {
    await client.delete('pods', 'default', 'web');
    await until('the pod gone from the API', async () =>
      getPod('web').then(
        () => undefined,
        (e: { code?: number }) => (e.code === 404 ? true : undefined),
      ),
    );
    expect(await containerIds(uid)).toEqual([]);
    const all = await node!.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_POD_UID}=${uid}`] },
    });
    expect(all).toEqual([]);
  }, 20_000);
});
