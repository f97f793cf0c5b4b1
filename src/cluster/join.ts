// `k8ts join --master URL --token TOKEN --ca-cert-hash sha256:HEX`: makes this host a node of a cluster whose
// `up` ran elsewhere (kubeadm join, small). In order, and nothing is started before the cluster is trusted:
//   1. the cluster info, fetched without trusting the server, whose CA must match the pin (./join-discovery);
//   2. keys and CSRs, signed by the apiserver for the join token: the node's client and serving certificates
//      and its kubeconfig, under --home (./join-credentials);
//   3. the Node registered with those credentials, and its pod range as the controller-manager assigns it
//      (unless --pod-cidr names one);
//   4. this host's own dockerd and images (./node-runtime), then the kubelet and proxy as processes with pid
//      files (./processes, ./join-plan), and the wait until the Node is Ready.
// `joinDown` (`k8ts join --down`) removes what join started and made on this host; the Node object stays in
// the API until an admin deletes it, as with kubeadm reset.
import { readFileSync, rmSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import type { Node, Service } from 'kubernetes-types/core/v1';
import { isAlreadyExists, isNotFound } from '../api/errors';
import { parseBootstrapToken } from '../apiserver/auth';
import { KubeClient } from '../client';
import { loadKubeconfig } from '../client/config';
import { execRunner, type CommandRunner } from '../kubelet/network';
import { removeHostRules } from './host-rules';
import { makeNodeKeys, writeNodeFiles } from './join-credentials';
import { discoverCluster, masterUrl, requestNodeCredentials } from './join-discovery';
import { parsePin } from './join-pin';
import {
  joinDockerRoot,
  loadJoinSettings,
  planJoinComponents,
  saveJoinSettings,
  type JoinSettings,
} from './join-plan';
import { startNodeRuntime, stopNodeRuntime, teardownNodeNetwork } from './node-runtime';
import { clusterPaths } from './paths';
import { runningPid, startComponent, stopComponent, stopPids, strayPids } from './processes';
import { Progress } from './progress';
import { nodeReady } from './readiness';

export interface JoinOptions {
  master: string;
  token: string;
  caCertHash: string;
  /** State directory; default $K8TS_HOME, else ~/.k8ts-node. */
  home?: string;
  /** Default: this host's name (`hostname -f`, as the kubelet picks it). */
  nodeName: string;
  /** Default: the address this host reaches the master from. */
  nodeIp?: string;
  /** Default: what the controller-manager assigns. */
  podCidr?: string;
  bridge?: string;
  clusterCidr?: string;
  clusterDomain?: string;
  kubeletPort?: number;
  proxyMode?: 'userspace' | 'iptables';
  proxyHealthzPort?: number;
  /** Each wait (pod range, Ready) gives up after this long; default 120 s. */
  timeoutMs?: number;
  out?: NodeJS.WritableStream;
  runner?: CommandRunner;
}

export interface JoinResult {
  alreadyJoined: boolean;
  nodeName: string;
  nodeIp: string;
  podCidr: string;
  server: string;
  home: string;
  elapsedMs: number;
}

export const defaultJoinHome = (): string =>
  process.env.K8TS_HOME ?? `${process.env.HOME ?? '/root'}/.k8ts-node`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The address this host sends from to reach `ip` (`ip route get`), the node's InternalIP by default. */
export async function sourceAddressFor(ip: string, runner: CommandRunner = execRunner): Promise<string> {
  const out = await runner.run('ip', ['-o', 'route', 'get', ip]);
  const src = / src (\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1];
  if (!src) throw new Error(`cannot tell this host's address towards ${ip}: give --node-ip`);
  return src;
}

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

/** Registers the Node (the kubelet takes it over) and returns its pod range once it has one. */
async function registerNode(client: KubeClient, name: string, podCidr: string | undefined, ms: number) {
  const spec = podCidr ? { podCIDR: podCidr, podCIDRs: [podCidr] } : {};
  await client
    .create<Node>('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec })
    .catch((e: unknown) => {
      if (!isAlreadyExists(e)) throw e;
    });
  const what = `the controller-manager to give node ${name} a pod range (has its --cluster-cidr a free /24? \`up --cluster-cidr\` must hold its --pod-cidr; or join with --pod-cidr)`;
  return until(what, ms, async () => {
    const node = await client.get<Node>('nodes', undefined, name);
    return node.spec?.podCIDR || undefined;
  });
}

async function clusterDnsIp(client: KubeClient): Promise<string> {
  try {
    return (await client.get<Service>('services', 'kube-system', 'kube-dns')).spec?.clusterIP ?? '';
  } catch (e) {
    if (isNotFound(e)) return '';
    throw e;
  }
}

function checkFlags(o: JoinOptions): { pin: string; master: URL } {
  const pin = parsePin(o.caCertHash);
  if (!pin)
    throw new Error(`invalid --ca-cert-hash ${JSON.stringify(o.caCertHash)}: want sha256:<64 hex digits>`);
  if (!parseBootstrapToken(o.token))
    throw new Error('invalid --token: want <6>.<16> characters of [a-z0-9], e.g. abcdef.0123456789abcdef');
  if (o.nodeIp !== undefined && !isIPv4(o.nodeIp))
    throw new Error(`invalid --node-ip ${JSON.stringify(o.nodeIp)}: want an IPv4 address`);
  return { pin, master: masterUrl(o.master) };
}

export async function join(o: JoinOptions): Promise<JoinResult> {
  const started = Date.now();
  const home = o.home ?? defaultJoinHome();
  const paths = clusterPaths(home);
  const ms = o.timeoutMs ?? 120_000;
  const { pin, master } = checkFlags(o);
  const saved = loadJoinSettings(home);
  if (saved && runningPid(paths, 'kubelet') !== undefined)
    return {
      alreadyJoined: true,
      nodeName: saved.nodeName,
      nodeIp: saved.nodeIp,
      podCidr: saved.podCidr,
      server: saved.server,
      home,
      elapsedMs: Date.now() - started,
    };
  // Pods on this host reach pods on the others only if it forwards.
  if (readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim() !== '1')
    throw new Error('net.ipv4.ip_forward is 0 on this host; run `sysctl -w net.ipv4.ip_forward=1` first');
  const progress = new Progress((o.out ?? process.stderr) as NodeJS.WriteStream, 5);

  const info = await progress.step(`Checking the cluster CA of ${master.origin} against ${pin}`, () =>
    discoverCluster(master, pin),
  );
  const nodeIp = o.nodeIp ?? (await sourceAddressFor(master.hostname, o.runner));
  const server = master.origin;
  const files = await progress.step(`Getting node ${o.nodeName}'s certificates (${nodeIp})`, async () => {
    const keys = makeNodeKeys(o.nodeName);
    const signed = await requestNodeCredentials(master, info.caCert, o.token, {
      nodeName: o.nodeName,
      nodeIP: nodeIp,
      clientCSR: keys.clientCSR,
      servingCSR: keys.servingCSR,
    });
    return writeNodeFiles(home, server, o.nodeName, keys, signed);
  });
  const client = new KubeClient(loadKubeconfig(files.kubeconfig).config);
  let settings: JoinSettings;
  try {
    settings = await progress.step(`Registering node ${o.nodeName} and its pod range`, async () => ({
      server,
      nodeName: o.nodeName,
      nodeIp,
      podCidr: await registerNode(client, o.nodeName, o.podCidr, ms),
      bridge: o.bridge ?? 'cbr0',
      serviceCidr: info.serviceClusterIpRange ?? '10.96.0.0/16',
      clusterCidr: o.clusterCidr ?? '',
      clusterDns: await clusterDnsIp(client),
      clusterDomain: o.clusterDomain ?? 'cluster.local',
      kubeletPort: o.kubeletPort ?? 10250,
      proxyMode: o.proxyMode ?? 'userspace',
      proxyHealthzPort: o.proxyHealthzPort ?? 10256,
    }));
  } finally {
    client.close();
  }
  saveJoinSettings(home, settings);
  await progress.step('Starting this host’s dockerd and building the images', (update) =>
    startNodeRuntime(joinDockerRoot(home), update),
  );
  const since = Date.now();
  await progress.step(
    `Starting the kubelet and proxy; waiting for ${o.nodeName} to be Ready`,
    async (update) => {
      const plan = planJoinComponents(home, settings, files);
      for (const c of plan) if (runningPid(paths, c.name) === undefined) startComponent(paths, c);
      const config = loadKubeconfig(files.kubeconfig).config;
      await until(`node ${o.nodeName} to be Ready`, ms, async () => {
        const dead = plan.find((c) => runningPid(paths, c.name) === undefined);
        if (dead) throw new Error(`the ${dead.name} exited; see ${paths.logs}/${dead.name}.log`);
        const ready = await nodeReady(config, o.nodeName, since);
        update(ready);
        return ready === 'True' ? true : undefined;
      });
    },
  );
  return {
    alreadyJoined: false,
    nodeName: o.nodeName,
    nodeIp,
    podCidr: settings.podCidr,
    server,
    home,
    elapsedMs: Date.now() - started,
  };
}

/** Stops the kubelet and proxy, removes this host's containers, dockerd, bridge, local service route and
 * rules; with purge also the home (credentials included). Idempotent; returns what it removed. */
export async function joinDown(
  options: { home?: string; purge?: boolean; runner?: CommandRunner } = {},
): Promise<string[]> {
  const home = options.home ?? defaultJoinHome();
  const runner = options.runner ?? execRunner;
  const paths = clusterPaths(home);
  const removed: string[] = [];
  for (const name of ['proxy', 'kubelet']) if (await stopComponent(paths, name)) removed.push(name);
  const strays = strayPids(paths);
  if (strays.length) {
    await stopPids(strays);
    removed.push(`${strays.length} process${strays.length > 1 ? 'es' : ''} without a pid file`);
  }
  if (await stopNodeRuntime(joinDockerRoot(home))) removed.push('dockerd (and its containers)');
  const s = loadJoinSettings(home);
  if (s) {
    if (await teardownNodeNetwork(s.bridge, runner)) removed.push(`bridge ${s.bridge}`);
    const local = ['route', 'del', 'local', s.serviceCidr, 'dev', 'lo', 'table', 'local'];
    if (
      await runner.run('ip', local).then(
        () => true,
        () => false,
      )
    )
      removed.push(`route ${s.serviceCidr}`);
    removed.push(...(await removeHostRules(s, runner)));
  }
  if (options.purge) rmSync(home, { recursive: true, force: true });
  return removed;
}
