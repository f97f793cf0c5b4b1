// `k8ts up`: installs what is missing, then brings up a working local cluster — its credentials (CA,
// certificates, tokens, kubeconfigs; the admin password in ~/.kubernetes_auth), our one dockerd (shared by
// every node) and images, the network (one node: the forwarding guard; several: the node namespaces of
// topology.ts and the guard), the store (embedded SQLite, or etcd: local members or --etcd-servers),
// apiserver, controller-manager, scheduler, cluster DNS behind the kube-dns service, then each node's kubelet
// and proxy — and waits until /healthz answers ok and every node is Ready, asking over HTTPS as the admin
// (the CA verified, never skipped). The apiserver has no insecure port. On a running cluster it only says
// so; after a crash it restarts the dead components and keeps the state. With --components-in-docker the
// control plane and DNS run as containers of locally built images instead (container-components.ts).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { KubeClient, type ClientConfig } from '../client';
import { loadKubeconfig } from '../client/config';
import { ensureBridge, gatewayOf } from '../kubelet/network';
import {
  apiserverAddressOf,
  clusterDnsIp,
  dnsAddressOf,
  kubernetesServiceIp,
  etcdMembersOf,
  nodesOf,
  planComponents,
  serverOf,
  type ComponentAuth,
  type ComponentPlan,
} from './components';
import { defaultAuthFile, ensureClusterCredentials } from './credentials';
import { ensureBootstrapToken } from './bootstrap-token';
import { ensureDnsService } from './dns-service';
import { ensureForwardGuard } from './firewall';
import { clusterJoinCommand } from './join-command';
import { writeClusterKubeconfigs } from './kubeconfig';
import { ensureTopology } from './netns';
import { dockerdPid, dockerdSlot, startNodeRuntime } from './node-runtime';
import { ensureContainerImages, runsInContainer, startComponentContainer } from './container-components';
import type { ComponentImages } from './component-image';
import { clusterPaths, repoRoot, type ClusterPaths } from './paths';
import { runningPid, startComponent } from './processes';
import { Progress } from './progress';
import { healthy, nodeReady } from './readiness';
import { loadSettings, resolveSettings, saveSettings, type ClusterSettings } from './settings';
import { recordComponents, recordedComponents } from './status';
import { planTopology } from './topology';

export interface UpOptions extends Partial<ClusterSettings> {
  home?: string;
  skipInstall?: boolean;
  /** How long to wait for health and Ready nodes; default 120 s. */
  readyTimeoutMs?: number;
  out?: NodeJS.WriteStream;
}

export interface UpResult {
  alreadyRunning: boolean;
  /** Components (and dockerds) started by this call. */
  started: string[];
  server: string;
  /** The admin kubeconfig (CA data and the admin token). */
  kubeconfig: string;
  /** Where the admin password is (~/.kubernetes_auth unless --auth-file). */
  authFile: string;
  nodeNames: string[];
  /** From the start of `up` to every node Ready. */
  elapsedMs: number;
  /** `k8ts join --master … --token … --ca-cert-hash …`: how another host becomes a node (also printed). */
  joinCommand: string;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with code ${code}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function etcdHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok && ((await res.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}
/** One dockerd for all nodes: each kubelet labels its containers with its node and lists only those. */
const dockerdSlots = (paths: ClusterPaths) => [dockerdSlot(paths)];

async function running(
  paths: ClusterPaths,
  s: ClusterSettings,
  plan: ComponentPlan[],
  admin: ClientConfig,
): Promise<boolean> {
  if (dockerdSlots(paths).some((d) => dockerdPid(d.root) === undefined)) return false;
  if (plan.some((c) => runningPid(paths, c.name) === undefined)) return false;
  if (!(await healthy(admin))) return false;
  for (const n of nodesOf(s)) if ((await nodeReady(admin, n.name)) !== 'True') return false;
  return true;
}

/** Makes or reuses every credential and writes the kubeconfigs: the apiserver's certificate holds the one
 * address it binds (and 127.0.0.1, and the `kubernetes` service IP), each kubelet's its node's address. */
function ensureAuth(paths: ClusterPaths, s: ClusterSettings): ComponentAuth {
  const credentials = ensureClusterCredentials(paths.home, {
    nodes: nodesOf(s).map((n) => ({ name: n.name, ip: n.ip })),
    serverIps: [apiserverAddressOf(s)],
    serviceIp: kubernetesServiceIp(s),
    authFile: s.authFile || defaultAuthFile(),
  });
  // The join token (`k8ts join`) is made once, like the CA; the apiserver reads it at start.
  ensureBootstrapToken(paths.home);
  return { credentials, kubeconfigs: writeClusterKubeconfigs(paths, credentials, serverOf(s)) };
}

/** Settings that shape what runs: changing one under running components would leave them on the old network. */
const SHAPE = [
  'nodes',
  'store',
  'etcdMembers',
  'etcdServers',
  'etcdPort',
  'port',
  'bridge',
  'podCidr',
  'hostBridge',
  'nodeCidr',
  'clusterCidr',
  'serviceCidr',
  'netnsPrefix',
  'authFile',
  'componentsInDocker',
] as const;

function refuseChangedShape(
  paths: ClusterPaths,
  saved: ClusterSettings | undefined,
  s: ClusterSettings,
): void {
  if (!saved) return;
  const changed = SHAPE.filter((k) => saved[k] !== s[k]);
  const alive = (recordedComponents(paths) ?? []).filter((name) => runningPid(paths, name) !== undefined);
  if (changed.length && alive.length)
    throw new Error(
      `the cluster in ${paths.home} runs with other settings (${changed.map((k) => `${k} ${JSON.stringify(saved[k])}`).join(', ')}); run \`k8ts down\` first`,
    );
}

export async function up(options: UpOptions = {}): Promise<UpResult> {
  const started = Date.now();
  const paths = clusterPaths(options.home);
  const saved = loadSettings(paths);
  const settings = resolveSettings(options, saved);
  const server = serverOf(settings);
  const nodes = nodesOf(settings);
  const startedNames: string[] = [];
  const result = (alreadyRunning: boolean): UpResult => ({
    alreadyRunning,
    started: startedNames,
    server,
    kubeconfig: paths.kubeconfig,
    authFile: settings.authFile || defaultAuthFile(),
    nodeNames: nodes.map((n) => n.name),
    elapsedMs: Date.now() - started,
    joinCommand: clusterJoinCommand(paths.home),
  });
  refuseChangedShape(paths, saved, settings);
  const auth = ensureAuth(paths, settings);
  const admin = loadKubeconfig(paths.kubeconfig).config;
  const plan = planComponents(paths, settings, { withProxy: true, withDns: true, auth });
  if (await running(paths, settings, plan, admin)) return result(true);

  const multi = settings.nodes > 1;
  const members = etcdMembersOf(paths, settings);
  const steps = (options.skipInstall ? 0 : 1) + 7 + (members.length ? 1 : 0) + nodes.length;
  const progress = new Progress(options.out ?? process.stderr, steps);
  if (!options.skipInstall) {
    await progress.step('Installing what is missing (Debian packages, npm dependencies)', () =>
      run('bash', [path.join(repoRoot, 'scripts', 'install-deps.sh')]),
    );
  }
  saveSettings(paths, settings);
  const made = auth.credentials.made;
  await progress.step(
    `Credentials in ${paths.home} (${made.length ? `made ${made.length}` : 'reused'}), admin password in ${result(false).authFile}`,
    () => Promise.resolve(),
  );
  recordComponents(
    paths,
    plan.map((c) => c.name),
  );
  mkdirSync(paths.data, { recursive: true });

  let images: ComponentImages | undefined;
  const runtimes = multi ? `our dockerd (shared by the ${nodes.length} nodes)` : 'our dockerd';
  await progress.step(`Starting ${runtimes} and building the images`, async (update) => {
    await Promise.all(
      dockerdSlots(paths).map(async (slot) => {
        const wasRunning = dockerdPid(slot.root) !== undefined;
        await startNodeRuntime(slot.root, (d) => update(`${slot.name}: ${d}`));
        if (!wasRunning) startedNames.push(slot.name);
      }),
    );
    if (settings.componentsInDocker) images = await ensureContainerImages(paths, update);
  });
  if (multi) {
    const t = planTopology(settings);
    await progress.step(
      `Making the node network (${t.hostBridge} ${t.hostAddress}, ${nodes.length} namespaces ${t.netnsPrefix}1…, pods stay on this machine)`,
      async () => {
        await ensureTopology(t);
        await ensureForwardGuard(t.hostBridge, t.guardedCidrs);
      },
    );
  } else {
    await progress.step(
      `Making ${settings.bridge} ${gatewayOf(settings.podCidr)} and keeping pods on this machine (iptables chain for ${settings.podCidr})`,
      async () => {
        // The apiserver and DNS bind the bridge's address, which the kubelet would only make when it starts.
        await ensureBridge({ name: settings.bridge, cidr: settings.podCidr });
        await ensureForwardGuard(settings.bridge, settings.podCidr);
      },
    );
  }

  const startedAt = new Map<string, number>();
  const startIfDead = (c: ComponentPlan) => {
    if (runningPid(paths, c.name) !== undefined) return;
    startedAt.set(c.name, Date.now());
    if (images && runsInContainer(c)) startComponentContainer(paths, c, images.byVerb[c.verb]);
    else startComponent(paths, c);
    startedNames.push(c.name);
  };
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const left = () => `${Math.round((deadline - Date.now()) / 1000)}s left`;
  // A component that dies while the cluster comes up (a port taken a moment ago by someone else, a start-up race
  // on a loaded machine) is started again, twice at most, before `up` gives up on it.
  const restarts = new Map<string, number>();
  const exitedCheck = (components: ComponentPlan[]) => {
    for (const c of components) {
      if (runningPid(paths, c.name) !== undefined) continue;
      const n = restarts.get(c.name) ?? 0;
      if (n >= 2) throw new Error(`the ${c.name} exited; see ${path.join(paths.logs, `${c.name}.log`)}`);
      restarts.set(c.name, n + 1);
      startIfDead(c);
    }
    if (Date.now() > deadline) throw new Error(`the cluster was not ready after ${timeoutMs / 1000} s`);
  };
  const byName = (name: string) => plan.filter((c) => c.name === name);

  if (members.length) {
    const urls = members.map((m) => m.clientUrl);
    await progress.step(`Starting etcd (${urls.join(', ')})`, async (update) => {
      mkdirSync(path.join(paths.home, 'etcd'), { recursive: true });
      members.forEach((m) => startIfDead(byName(m.name)[0]!));
      // A member of several is healthy only once a quorum has formed, so all start before any is waited for.
      for (const url of urls) {
        while (!(await etcdHealthy(url))) {
          exitedCheck(members.flatMap((m) => byName(m.name)));
          update(`waiting for ${url}/health, ${left()}`);
          await sleep(250);
        }
      }
    });
  }
  const store =
    settings.store === 'sqlite' ? 'embedded store' : `etcd ${settings.etcdServers || 'started above'}`;
  await progress.step(`Starting the apiserver on ${server} (HTTPS only, ${store})`, async (update) => {
    byName('apiserver').forEach(startIfDead);
    while (!(await healthy(admin))) {
      exitedCheck(byName('apiserver'));
      update(`waiting for /healthz, ${left()}`);
      await sleep(250);
    }
  });
  await progress.step('Starting the controller-manager and scheduler', async () => {
    [...byName('controller-manager'), ...byName('scheduler')].forEach(startIfDead);
  });
  const [dnsIp, serviceIp] = [dnsAddressOf(settings), clusterDnsIp(settings)];
  await progress.step(
    `Starting cluster DNS on ${dnsIp}:53, service kube-system/kube-dns at ${serviceIp}`,
    async () => {
      byName('dns').forEach(startIfDead);
      const client = new KubeClient(admin);
      try {
        await ensureDnsService(client, serviceIp, dnsIp);
      } finally {
        client.close();
      }
    },
  );
  for (const n of nodes) {
    const own = plan.filter((c) => c.node === n.index && c.node !== undefined);
    const where = n.netns ? ` in netns ${n.netns}, ${n.ip}, pods ${n.podCidr}` : '';
    await progress.step(
      `Starting node ${n.name} (${own.map((c) => c.verb).join(', ')})${where}`,
      async () => {
        own.forEach(startIfDead);
      },
    );
  }
  const names = nodes.map((n) => n.name).join(', ');
  await progress.step(
    `Waiting for ${nodes.length > 1 ? 'nodes' : 'node'} ${names} to be Ready`,
    async (update) => {
      for (;;) {
        const waiting: string[] = [];
        for (const n of nodes) {
          // A restarted kubelet counts only once it has sent a heartbeat.
          const since =
            startedAt.get(plan.find((c) => c.node === n.index && c.verb === 'kubelet')!.name) ?? 0;
          const ready = await nodeReady(admin, n.name, since);
          if (ready !== 'True') waiting.push(`${n.name}: ${ready}`);
        }
        if (!waiting.length) return;
        exitedCheck(plan);
        update(`${waiting.join('; ')}, ${left()}`);
        await sleep(250);
      }
    },
  );
  return result(false);
}
