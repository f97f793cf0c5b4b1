// `k8ts kubelet`: flags → sources, runtime and client → Kubelet. Any source may be used alone (a kubelet with
// only --manifest-path runs its pods standalone, as in 2014). The Docker runtime uses --docker-endpoint, or
// starts k8ts' own dockerd under --docker-root; --fake-runtime makes a hollow node. SIGTERM/SIGINT stop the
// loops and exit 0, leaving pods (and dockerd) running: a restarted kubelet adopts them. --cluster-dns and
// --cluster-domain shape the pods' resolv.conf; hostPorts are opened on --node-ip in the --hostport-chain.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import Docker from 'dockerode';
import { KubeClient, type ClientInterface } from '../client';
import {
  ApiserverSource,
  EtcdSource,
  FileSource,
  KubeletHttpSource,
  UrlSource,
  defaultNodeName,
  type PodSource,
} from '../kubelet/config';
import { ensureImages } from '../kubelet/images';
import { Kubelet, type KubeletOptions } from '../kubelet/kubelet';
import { KubeletMetrics } from '../kubelet/metrics';
import { BridgeNetworkPlugin, HostPortManager, IpAllocator } from '../kubelet/network';
import { ProbeManager, runtimeProbeDeps } from '../kubelet/probes';
import { startKubeletServer, type KubeletTlsOptions } from '../kubelet/server';
import {
  DockerRuntime,
  FakeRuntime,
  startDockerd,
  type PodDnsOptions,
  type Runtime,
} from '../kubelet/runtime';
import { parseIPv4, realClock, setVerbosity } from '../util';
import { parseDuration } from '../util/duration';
import { exitOnSignal } from './component';

export interface KubeletFlags {
  hostnameOverride?: string;
  apiServers?: string;
  kubeconfig?: string;
  dockerEndpoint?: string;
  dockerRoot?: string;
  rootDir: string;
  manifestPath?: string;
  fileCheckFrequency: string;
  manifestUrl?: string;
  httpCheckFrequency: string;
  etcdServers?: string;
  port: string;
  podCidr?: string;
  networkPlugin: string;
  nodeIp?: string;
  bridge: string;
  fakeRuntime?: boolean;
  nodeStatusUpdateFrequency: string;
  syncFrequency: string;
  clusterDns?: string;
  clusterDomain?: string;
  hostportChain?: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  clientCaFile?: string;
  anonymousAuth?: string;
  v?: string;
}

/** --tls-cert-file, --tls-private-key-file, --client-ca-file and --anonymous-auth; undefined serves plain HTTP. */
export function kubeletTls(
  flags: Pick<KubeletFlags, 'tlsCertFile' | 'tlsPrivateKeyFile' | 'clientCaFile' | 'anonymousAuth'>,
): KubeletTlsOptions | undefined {
  if (!flags.tlsCertFile !== !flags.tlsPrivateKeyFile)
    throw new Error('--tls-cert-file and --tls-private-key-file must be given together');
  if (flags.anonymousAuth !== undefined && !['true', 'false'].includes(flags.anonymousAuth))
    throw new Error(`invalid --anonymous-auth ${JSON.stringify(flags.anonymousAuth)}: must be true or false`);
  if (!flags.tlsCertFile) {
    if (flags.clientCaFile)
      throw new Error('--client-ca-file needs --tls-cert-file and --tls-private-key-file');
    return undefined;
  }
  return {
    cert: readFileSync(flags.tlsCertFile),
    key: readFileSync(flags.tlsPrivateKeyFile!),
    clientCa: flags.clientCaFile ? readFileSync(flags.clientCaFile) : undefined,
    anonymousAuth: flags.anonymousAuth === 'true',
  };
}

/** --cluster-dns (comma-separated IPv4 addresses) and --cluster-domain; throws for an address that is not one. */
export function podDnsOptions(flags: Pick<KubeletFlags, 'clusterDns' | 'clusterDomain'>): PodDnsOptions {
  const clusterDns = (flags.clusterDns ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const ip of clusterDns) parseIPv4(ip);
  const clusterDomain = (flags.clusterDomain ?? 'cluster.local').trim().replace(/\.$/, '');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(clusterDomain))
    throw new Error(`invalid --cluster-domain ${JSON.stringify(flags.clusterDomain)}: must be a DNS domain`);
  return { clusterDns, clusterDomain };
}

/** The node's address on the node network: the flag, else the first non-loopback IPv4 address. */
export function nodeAddress(flag?: string): string {
  if (flag) return flag;
  for (const addrs of Object.values(os.networkInterfaces()))
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('cannot find a non-loopback IPv4 address for this node: pass --node-ip');
}

export function apiClient(
  flags: Pick<KubeletFlags, 'kubeconfig' | 'apiServers'>,
): ClientInterface | undefined {
  if (flags.kubeconfig) return KubeClient.fromKubeconfig(flags.kubeconfig);
  const server = flags.apiServers?.split(',').find(Boolean);
  return server
    ? new KubeClient({ server: server.replace(/\/+$/, ''), userAgent: 'k8ts-kubelet' })
    : undefined;
}

/** The manifest sources the flags ask for, plus the kubelet's own POST /pods and the apiserver. */
export function sourcesFor(flags: KubeletFlags, nodeName: string, client?: ClientInterface): PodSource[] {
  const sources: PodSource[] = [];
  if (flags.manifestPath)
    sources.push(
      new FileSource({
        path: flags.manifestPath,
        nodeName,
        intervalMs: parseDuration(flags.fileCheckFrequency),
      }),
    );
  if (flags.manifestUrl)
    sources.push(
      new UrlSource({
        url: flags.manifestUrl,
        nodeName,
        intervalMs: parseDuration(flags.httpCheckFrequency),
      }),
    );
  if (flags.etcdServers)
    sources.push(new EtcdSource({ endpoints: flags.etcdServers.split(',').filter(Boolean), nodeName }));
  sources.push(new KubeletHttpSource({ nodeName }));
  if (client) sources.push(new ApiserverSource({ nodeName, client }));
  return sources;
}

interface RuntimeSetup {
  runtime: Runtime;
  version: string;
  healthCheck?: () => Promise<void>;
}

async function dockerRuntime(
  flags: KubeletFlags,
  nodeName: string,
  podCidr: string,
  nodeIp: string,
): Promise<RuntimeSetup> {
  if (flags.networkPlugin !== 'bridge')
    throw new Error(`--network-plugin ${JSON.stringify(flags.networkPlugin)} is not supported: use bridge`);
  let socketPath = flags.dockerEndpoint?.replace(/^unix:\/\//, '');
  if (!socketPath) {
    const dockerd = await startDockerd({ root: flags.dockerRoot ?? path.join(flags.rootDir, 'docker') });
    process.stdout.write(`dockerd ${dockerd.reused ? 'already running' : 'started'} (pid ${dockerd.pid})\n`);
    socketPath = dockerd.socket;
  }
  const dns = podDnsOptions(flags);
  if (!dns.clusterDns.length)
    process.stdout.write('no --cluster-dns: ClusterFirst pods get the node’s resolv.conf\n');
  const docker = new Docker({ socketPath });
  const built = await ensureImages(docker, { progress: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(`images ready${built.length ? ` (built ${built.join(', ')})` : ''}\n`);
  const hostPorts = new HostPortManager({ nodeIp, podCidr, chain: flags.hostportChain });
  const network = new BridgeNetworkPlugin({ bridge: flags.bridge, cidr: podCidr, hostPorts });
  await network.init();
  const ips = new IpAllocator(podCidr, path.join(flags.rootDir, 'pod-ips.json'));
  const runtime = new DockerRuntime({ docker, rootDir: flags.rootDir, network, ips, nodeName, dns });
  const version = `docker://${(await docker.version()).Version}`;
  return { runtime, version, healthCheck: async () => void (await docker.ping()) };
}

export async function runKubelet(flags: KubeletFlags): Promise<Kubelet> {
  const nodeName = defaultNodeName({ override: flags.hostnameOverride });
  const client = apiClient(flags);
  const podCidr = flags.podCidr ?? '10.244.0.0/24';
  const nodeIp = nodeAddress(flags.nodeIp);
  const tls = kubeletTls(flags); // before anything starts: a bad certificate path fails fast
  const setup: RuntimeSetup = flags.fakeRuntime
    ? { runtime: new FakeRuntime({ cidr: podCidr }), version: 'fake://0.1.0' }
    : await dockerRuntime(flags, nodeName, podCidr, nodeIp);
  const probes = new ProbeManager({ clock: realClock, runner: runtimeProbeDeps(setup.runtime) });
  const options: KubeletOptions = {
    nodeName,
    client,
    runtime: setup.runtime,
    sources: sourcesFor(flags, nodeName, client),
    nodeIp,
    podCidr: flags.podCidr,
    kubeletPort: Number(flags.port),
    containerRuntimeVersion: setup.version,
    healthCheck: setup.healthCheck,
    statusIntervalMs: parseDuration(flags.nodeStatusUpdateFrequency),
    resyncIntervalMs: parseDuration(flags.syncFrequency),
    probes,
    metrics: new KubeletMetrics(realClock),
  };
  const kubelet = new Kubelet(options);
  // Listening before start(): the Node the kubelet registers advertises this port to the apiserver (logs, exec).
  // The listener lives as long as the process.
  const httpSource = options.sources.find((s) => s instanceof KubeletHttpSource);
  await startKubeletServer({ kubelet, port: Number(flags.port), address: '0.0.0.0', httpSource, tls });
  await kubelet.start();
  process.stdout.write(
    `kubelet ${nodeName} running (${client ? 'with an apiserver' : 'standalone'}, ${options.sources.length} sources)\n`,
  );
  return kubelet;
}

export function registerKubelet(program: Command): void {
  program
    .command('kubelet')
    .description('run the pods this node is given: manifests, URL, etcd, its own HTTP and the apiserver')
    .option('--hostname-override <name>', 'the node name, instead of `hostname -f`')
    .option('--api-servers <urls>', 'comma-separated apiserver URLs')
    .option('--kubeconfig <file>', 'kubeconfig for the apiserver (instead of --api-servers)')
    .option('--docker-endpoint <url>', 'dockerd socket, unix:///path (default: start our own dockerd)')
    .option('--docker-root <dir>', 'state dir of the dockerd started when no --docker-endpoint is given')
    .option('--root-dir <dir>', 'kubelet state: pod volumes, IP leases', '/var/lib/k8ts/kubelet')
    .option('--manifest-path <path>', 'a manifest file or a directory of them')
    .option('--file-check-frequency <duration>', 'how often --manifest-path is re-read', '20s')
    .option('--manifest-url <url>', 'a URL serving manifests')
    .option('--http-check-frequency <duration>', 'how often --manifest-url is polled', '20s')
    .option('--etcd-servers <urls>', 'etcd to watch /registry/hosts/<node>/kubelet on')
    .option('--port <port>', 'the kubelet HTTP port (logs, exec, /metrics, POST /pods)', '10250')
    .option('--pod-cidr <cidr>', 'this node’s pod range (default 10.244.0.0/24)')
    .option('--network-plugin <name>', 'pod networking', 'bridge')
    .option('--node-ip <ip>', 'this node’s address (default: the first non-loopback IPv4)')
    .option('--bridge <name>', 'the node bridge pods attach to', 'cbr0')
    .option('--fake-runtime', 'a hollow node: pods are simulated, no containers run')
    .option('--node-status-update-frequency <duration>', 'node heartbeat period', '10s')
    .option('--sync-frequency <duration>', 'how often every pod is re-synced', '2s')
    .option('--cluster-dns <ips>', 'comma-separated DNS server addresses for ClusterFirst pods')
    .option('--cluster-domain <domain>', 'the cluster’s DNS domain, searched by pods', 'cluster.local')
    .option('--hostport-chain <name>', 'nat chain holding the hostPort rules', 'K8TS-HOSTPORTS')
    .option('--tls-cert-file <file>', 'PEM serving certificate: --port serves HTTPS (SANs: the node IP)')
    .option('--tls-private-key-file <file>', 'PEM private key of --tls-cert-file')
    .option(
      '--client-ca-file <file>',
      'CA for client certificates; only the apiserver (CN kube-apiserver-kubelet-client) or system:masters get in',
    )
    .option(
      '--anonymous-auth <bool>',
      'with --client-ca-file: requests without a certificate are system:anonymous, not 401',
      'false',
    )
    .option('--v <level>', 'log verbosity: 0 info, 2 debug, 4 trace', '0')
    .action(async (flags: KubeletFlags) => {
      if (flags.v !== undefined) setVerbosity(flags.v);
      const kubelet = await runKubelet(flags);
      exitOnSignal(() => kubelet.stop());
    });
}
