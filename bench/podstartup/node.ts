// The node under test: our own dockerd in a temp root with the local images, the test bridge k8tsbp0
// (10.253.19.0/24 — never cbr0 or 10.244), `k8ts apiserver` on sqlite as a separate process, and a Kubelet
// with the Docker runtime in this process, its seams wrapped by a StageRecorder. stop() runs every step even
// after a failure: kubelet, apiserver (by PID), k8ts containers, bridge, dockerd (by PID), temp dir.
import path from 'node:path';
import type Docker from 'dockerode';
import pino from 'pino';
import { KubeClient } from '../../src/client';
import { ApiserverSource } from '../../src/kubelet/config';
import { Kubelet } from '../../src/kubelet/kubelet';
import { IpAllocator } from '../../src/kubelet/network';
import { DockerRuntime } from '../../src/kubelet/runtime';
import { startDockerNode, stopDockerNode, type DockerNode } from '../../test/kubelet/support';
import { startServerProcess, type ServerProcess } from '../apiserver/server-process';
import {
  StageRecorder,
  instrumentClient,
  instrumentDocker,
  instrumentNetwork,
  instrumentRuntime,
} from './stages';

export const NODE_NAME = 'podstartup-node';
const BRIDGE = 'k8tsbp0';
const CIDR = '10.253.19.0/24';
const NODE_IP = '10.253.19.1';

export interface BenchNode {
  docker: Docker;
  /** The dockerd socket, for the docker CLI. */
  socket: string;
  apiUrl: string;
  apiPid: number;
  client: KubeClient;
  stages: StageRecorder;
  stop(): Promise<void>;
}

export async function startBenchNode(progress: (msg: string) => void): Promise<BenchNode> {
  let node: DockerNode | undefined;
  let api: ServerProcess | undefined;
  let kubeletClient: KubeClient | undefined;
  let client: KubeClient | undefined;
  let kubelet: Kubelet | undefined;
  const stop = async () => {
    try {
      await kubelet?.stop();
      kubeletClient?.close();
      client?.close();
      await api?.stop();
    } finally {
      await stopDockerNode(node);
    }
  };
  try {
    progress('dockerd, images and bridge');
    node = await startDockerNode({
      prefix: 'k8ts-bench-ps-',
      bridge: BRIDGE,
      cidr: CIDR,
      vethPrefix: 'vk8tsbp',
    });
    progress('apiserver process');
    api = await startServerProcess({ store: 'sqlite', dataDir: path.join(node.root, 'api') });
    client = new KubeClient({ server: api.url, userAgent: 'k8ts-bench-podstartup' });
    kubeletClient = new KubeClient({ server: api.url, userAgent: 'k8ts-kubelet' });
    const stages = new StageRecorder();
    const kc = instrumentClient(kubeletClient, stages);
    const rootDir = path.join(node.root, 'kubelet');
    const runtime = new DockerRuntime({
      docker: instrumentDocker(node.docker, stages),
      rootDir,
      network: instrumentNetwork(node.network, stages),
      ips: new IpAllocator(CIDR, path.join(rootDir, 'pod-ips.json')),
      nodeName: NODE_NAME,
    });
    const docker = node.docker;
    kubelet = new Kubelet({
      nodeName: NODE_NAME,
      client: kc,
      runtime: instrumentRuntime(runtime, stages),
      sources: [new ApiserverSource({ nodeName: NODE_NAME, client: kc })],
      nodeIp: NODE_IP,
      // Warnings only: the per-pod info lines would bury the table (K8TS_LOG_LEVEL=info brings them back).
      log: pino({ level: process.env.K8TS_LOG_LEVEL ?? 'warn' }).child({ component: 'kubelet' }),
      podCidr: CIDR,
      containerRuntimeVersion: `docker://${(await docker.version()).Version}`,
      healthCheck: async () => void (await docker.ping()),
    });
    progress('kubelet');
    await kubelet.start();
    return {
      docker,
      socket: node.dockerd.socket,
      apiUrl: api.url,
      apiPid: api.pid,
      client,
      stages,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
