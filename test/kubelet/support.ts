// Shared by the kubelet specs that need real Docker: our own dockerd in a temp root, the local images, and a
// test bridge with its own name and range (never cbr0 or 10.244) — and their removal, which always runs all of
// its steps, so a failed test leaves no container, link or daemon behind. On top of that, a whole node as the
// end-to-end specs use it: an in-process apiserver (sqlite), a client, the Docker runtime, optionally the
// kubelet's HTTP server on the bridge's gateway, and a started Kubelet. Runs only as root.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { Container, Node, Pod } from '../../src/api/types';
import { startApiServer, type ApiServer } from '../../src/apiserver';
import { KubeClient } from '../../src/client';
import { ApiserverSource } from '../../src/kubelet/config';
import { ensureImages } from '../../src/kubelet/images';
import { Kubelet, type KubeletOptions } from '../../src/kubelet/kubelet';
import { BridgeNetworkPlugin, IpAllocator } from '../../src/kubelet/network';
import { DockerRuntime, LABEL_MANAGED, startDockerd, type DockerdHandle } from '../../src/kubelet/runtime';
import { startKubeletServer, type KubeletServer, type ServedKubelet } from '../../src/kubelet/server';

export const canRunDocker =
  process.getuid?.() === 0 && existsSync('/usr/sbin/dockerd') && existsSync('/bin/busybox');

export interface DockerNode {
  root: string;
  dockerd: DockerdHandle;
  docker: Docker;
  network: BridgeNetworkPlugin;
}

/** Starts dockerd under a fresh temp dir named `<prefix>…`, builds the images, creates the bridge. */
export async function startDockerNode(opts: {
  prefix: string;
  bridge: string;
  cidr: string;
  vethPrefix: string;
}): Promise<DockerNode> {
  const root = mkdtempSync(`/tmp/${opts.prefix}`);
  const node: Partial<DockerNode> = { root };
  try {
    node.dockerd = await startDockerd({ root: path.join(root, 'docker') });
    node.docker = new Docker({ socketPath: node.dockerd.socket });
    await ensureImages(node.docker);
    node.network = new BridgeNetworkPlugin({
      bridge: opts.bridge,
      cidr: opts.cidr,
      vethPrefix: opts.vethPrefix,
    });
    await node.network.init();
    return node as DockerNode;
  } catch (err) {
    await stopDockerNode(node);
    throw err;
  }
}

/** Removes every k8ts-managed container, the bridge, the daemon (by PID) and the temp dir. Safe on a partial node. */
export async function stopDockerNode(node: Partial<DockerNode> | undefined): Promise<void> {
  if (!node) return;
  try {
    if (node.docker) {
      const left = await node.docker.listContainers({
        all: true,
        filters: { label: [`${LABEL_MANAGED}=true`] },
      });
      await Promise.all(left.map((c) => node.docker!.getContainer(c.Id).remove({ force: true })));
    }
    await node.network?.destroy();
  } finally {
    await node.dockerd?.stop();
    if (node.root) rmSync(node.root, { recursive: true, force: true });
  }
}

export interface KubeletNode extends DockerNode {
  api: ApiServer;
  client: KubeClient;
  runtime: DockerRuntime;
  /** Only when asked for (`server: true`): what kubectl logs, exec and port-forward reach. */
  server?: KubeletServer;
  kubelet: Kubelet;
}

export interface KubeletNodeOptions {
  prefix: string;
  bridge: string;
  cidr: string;
  vethPrefix: string;
  nodeName: string;
  /** The bridge's gateway: the node's address, and where the kubelet server listens. */
  nodeIp: string;
  server?: boolean;
  /** Kubelet options beyond the shared ones (resync 500 ms, status 2 s), made once the runtime exists. */
  kubelet?: (runtime: DockerRuntime, node: DockerNode) => Partial<KubeletOptions>;
}

/**
 * A Docker node with an apiserver and a started Kubelet whose only source is the apiserver. Also writes an
 * empty `<root>/kubeconfig`, so a kubectl run with KUBECONFIG there reads nothing of the host's.
 */
export async function startKubeletNode(o: KubeletNodeOptions): Promise<KubeletNode> {
  const node: Partial<KubeletNode> & DockerNode = await startDockerNode(o);
  try {
    writeFileSync(
      path.join(node.root, 'kubeconfig'),
      'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n',
    );
    const api = (node.api = await startApiServer({
      store: 'sqlite',
      dataDir: path.join(node.root, 'api'),
      insecurePort: 0,
    }));
    const client = (node.client = new KubeClient({ server: api.url }));
    const rootDir = path.join(node.root, 'kubelet');
    mkdirSync(rootDir, { recursive: true });
    const runtime = (node.runtime = new DockerRuntime({
      docker: node.docker,
      rootDir,
      network: node.network,
      ips: new IpAllocator(o.cidr, path.join(rootDir, 'pod-ips.json')),
      nodeName: o.nodeName,
    }));
    // The server comes first so the Node can advertise its port; it reaches the kubelet only per request.
    if (o.server)
      node.server = await startKubeletServer({
        kubelet: { runtime, podByName: (ns, name) => node.kubelet?.podByName(ns, name) },
        port: 0,
        address: o.nodeIp,
      });
    node.kubelet = new Kubelet({
      nodeName: o.nodeName,
      client,
      runtime,
      sources: [new ApiserverSource({ nodeName: o.nodeName, client })],
      nodeIp: o.nodeIp,
      podCidr: o.cidr,
      ...(node.server ? { kubeletPort: node.server.port } : {}),
      resyncIntervalMs: 500,
      statusIntervalMs: 2000,
      containerRuntimeVersion: 'docker://test',
      ...o.kubelet?.(runtime, node),
    });
    await node.kubelet.start();
    return node as KubeletNode;
  } catch (err) {
    await stopKubeletNode(node);
    throw err;
  }
}

/** Stops the kubelet, its server, the client and the apiserver, then the Docker node. Safe on a partial node. */
export async function stopKubeletNode(node: Partial<KubeletNode> | undefined): Promise<void> {
  try {
    await node?.kubelet?.stop();
    await node?.server?.close();
    node?.client?.close();
    await node?.api?.close();
  } finally {
    await stopDockerNode(node);
  }
}

/** Creates a one-container busybox pod on nodeName (grace 1 s) and waits up to ms for it to be Running. */
export async function createRunningPod(
  client: KubeClient,
  nodeName: string,
  name: string,
  container: Omit<Container, 'image'>,
  ms: number,
): Promise<Pod> {
  await client.create<Pod>('pods', 'default', {
    metadata: { name },
    spec: { nodeName, terminationGracePeriodSeconds: 1, containers: [{ image: 'busybox', ...container }] },
  });
  return until(
    `pod ${name} Running`,
    async () => {
      const p = await client.get<Pod>('pods', 'default', name);
      return p.status?.phase === 'Running' ? p : undefined;
    },
    ms,
  );
}

/** Polls fn (errors count as "not yet") every 100 ms until it answers something, or fails after ms. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real kubectl against a node's apiserver, with its HOME, kubeconfig and cache in the node's temp root (so
 * ~/.kube is never read or written). Every child is remembered: killAll() ends what a failed test left running.
 */
export function kubectlOn(node: () => KubeletNode | undefined, runTimeoutMs = 30_000) {
  const children = new Set<ChildProcess>();
  const kubectl = (args: string[], input = ''): ChildProcess => {
    const { root, api } = node()!;
    const child = spawn('/usr/bin/kubectl', ['-s', api.url, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        KUBECONFIG: path.join(root, 'kubeconfig'),
        KUBECACHEDIR: path.join(root, 'kube-cache'),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    child.stdin!.end(input);
    return child;
  };
  /** Runs kubectl to the end (killed after runTimeoutMs): exit code, stdout and stderr. */
  const run = (args: string[], input = ''): Promise<KubectlResult> => {
    const child = kubectl(args, input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), runTimeoutMs);
    return new Promise((resolve) =>
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    );
  };
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  return { kubectl, run, killAll };
}

/** An apiserver on loopback and a kubelet server whose runtime is the test's own fake: no root, no Docker. */
export interface FakeKubeletApi {
  dir: string;
  api: ApiServer;
  client: KubeClient;
  kubelet: KubeletServer;
  /** The pods the kubelet serves, by name (namespace default); add() puts a pod in the API and here. */
  pods: Map<string, Pod>;
  add(name: string, spec: Pod['spec'], status?: Pod['status']): Promise<Pod>;
  /** A Node at 127.0.0.1, with this kubelet's port unless `withKubelet` is false. */
  addNode(name: string, withKubelet?: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeKubeletApi(
  prefix: string,
  runtime: ServedKubelet['runtime'],
): Promise<FakeKubeletApi> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const api = await startApiServer({ store: 'sqlite', dataDir: path.join(dir, 'api'), insecurePort: 0 });
  const client = new KubeClient({ server: api.url });
  const pods = new Map<string, Pod>();
  const kubelet = await startKubeletServer({
    port: 0,
    address: '127.0.0.1',
    kubelet: { podByName: (ns, name) => (ns === 'default' ? pods.get(name) : undefined), runtime },
  });
  return {
    dir,
    api,
    client,
    kubelet,
    pods,
    async add(name, spec, status) {
      let pod = await client.create<Pod>('pods', 'default', { metadata: { name }, spec });
      if (status) pod = await client.updateStatus<Pod>('pods', 'default', { ...pod, status });
      pods.set(name, pod);
      return pod;
    },
    async addNode(name, withKubelet = true) {
      const n = await client.create<Node>('nodes', undefined, { metadata: { name } });
      const status: Node['status'] = {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        ...(withKubelet ? { daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } : {}),
      };
      await client.updateStatus('nodes', undefined, { ...n, status });
    },
    async close() {
      await kubelet.close();
      client.close();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
