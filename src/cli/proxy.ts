// `k8ts proxy`: the per-node service proxy. Flags → a Proxier (userspace: this process forwards, after
// making the service range local; iptables: kernel DNAT rules and the same local route) → ProxyServer
// (informers → sync, with a forced resync every --sync-period) beside the healthz/metrics server. At start-up
// each mode clears what the other mode may have left on the node (the userspace mode removes iptables-mode
// chains and jumps; the local route both modes share). SIGTERM/SIGINT stop the loop, remove what the proxier
// made (listeners, route, rules) and exit 0.
import os from 'node:os';
import type { Command } from 'commander';
import type { ClientInterface } from '../client';
import { SharedInformerFactory } from '../client';
import {
  LocalServiceRoute,
  ProxyMetrics,
  ProxyServer,
  type Proxier,
  UserspaceProxier,
  hostRunner,
  startHealthServer,
} from '../proxy';
import { type Logger, componentLogger, parseCidr, parseDuration, parseIPv4, realClock } from '../util';
import { componentClient, exitOnSignal } from './component';

export interface ProxyFlags {
  master?: string;
  kubeconfig?: string;
  proxyMode: string;
  hostnameOverride?: string;
  serviceClusterIpRange: string;
  clusterCidr: string;
  nodeportAddresses?: string;
  healthzBindAddress: string;
  syncPeriod: string;
}

export interface ProxySettings {
  mode: 'userspace' | 'iptables';
  nodeName: string;
  serviceCidr: string;
  clusterCidr: string;
  /** Explicit node addresses for node ports; undefined = the mode's default (see nodeAddresses). */
  nodePortAddresses?: string[];
  /** undefined = no health server (--healthz-bind-address ""). */
  healthz?: { host: string; port: number };
  /** Forced resync period in ms; 0 = never. */
  syncPeriodMs: number;
}

/** Checks and reads the flags; throws with the flag's name and what it wants. */
export function proxySettings(flags: ProxyFlags, hostname: string): ProxySettings {
  const mode = flags.proxyMode;
  if (mode !== 'userspace' && mode !== 'iptables')
    throw new Error(`--proxy-mode must be userspace or iptables, not ${JSON.stringify(mode)}`);
  const cidr = (text: string, flag: string) => {
    parseCidr(text, { what: `--${flag}`, exact: true });
    return text;
  };
  let nodePortAddresses: string[] | undefined;
  if (flags.nodeportAddresses !== undefined) {
    nodePortAddresses = flags.nodeportAddresses
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const ip of nodePortAddresses) parseIPv4(ip);
  }
  return {
    mode,
    nodeName: (flags.hostnameOverride || hostname).toLowerCase(),
    serviceCidr: cidr(flags.serviceClusterIpRange, 'service-cluster-ip-range'),
    clusterCidr: cidr(flags.clusterCidr, 'cluster-cidr'),
    nodePortAddresses,
    healthz: bindAddress(flags.healthzBindAddress),
    syncPeriodMs: flags.syncPeriod === '0' ? 0 : parseDuration(flags.syncPeriod, '--sync-period'),
  };
}

function bindAddress(text: string): { host: string; port: number } | undefined {
  if (text === '') return undefined;
  const m = /^([0-9.]+):([0-9]{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || port > 65535)
    throw new Error(
      `--healthz-bind-address must be IP:PORT (e.g. 127.0.0.1:10256), not ${JSON.stringify(text)}`,
    );
  parseIPv4(m[1]!);
  return { host: m[1]!, port };
}

/** This node's own IPv4 addresses (not loopback): where node ports are served when no flag names them. */
export function nodeAddresses(interfaces: ReturnType<typeof os.networkInterfaces>): string[] {
  const out = new Set<string>();
  for (const addrs of Object.values(interfaces))
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) out.add(a.address);
  return [...out].sort();
}

async function makeProxier(s: ProxySettings, log: Logger, metrics: ProxyMetrics): Promise<Proxier> {
  const { createIptablesProxier } = await import('../proxy/iptables');
  // An empty list means every local address to the iptables proxier.
  const iptables = createIptablesProxier({
    clusterCidr: s.clusterCidr,
    serviceCidr: s.serviceCidr,
    nodeIps: s.nodePortAddresses ?? [],
    log,
  });
  if (s.mode === 'iptables') return iptables;
  // An iptables-mode proxy that ran here before would otherwise keep DNATing the cluster IPs. Best effort: a
  // node without iptables has nothing to clear.
  await iptables
    .cleanupRules()
    .catch((err: Error) =>
      log.warn({ err: err.message }, 'could not check for iptables-mode rules left behind; continuing'),
    );
  return new UserspaceProxier({
    log,
    metrics,
    nodePortAddresses: s.nodePortAddresses ?? nodeAddresses(os.networkInterfaces()),
    localRoute: new LocalServiceRoute(s.serviceCidr, hostRunner),
  });
}

/** Runs the proxy until signal aborts, then removes what its proxier made. */
export async function runProxy(
  s: ProxySettings,
  client: ClientInterface,
  signal: AbortSignal,
): Promise<void> {
  const log = componentLogger('proxy').child({ node: s.nodeName });
  const metrics = new ProxyMetrics();
  const proxier = await makeProxier(s, log, metrics);
  const factory = new SharedInformerFactory(client, { clock: realClock, log });
  const server = new ProxyServer({
    factory,
    proxier,
    clock: realClock,
    log,
    metrics,
    syncPeriodMs: s.syncPeriodMs,
  });
  const health = s.healthz
    ? await startHealthServer({ ...s.healthz, health: () => server.health(), metrics, clock: realClock })
    : undefined;
  log.info({ mode: s.mode, serviceCidr: s.serviceCidr, healthz: health?.address }, 'proxy starting');
  try {
    await server.run(signal);
  } finally {
    await health?.close();
    await proxier.cleanup();
    log.info('proxy stopped; rules removed');
  }
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description('serve cluster IPs and node ports on this node (userspace forwarding or iptables DNAT)')
    .option('--master <url>', 'the apiserver URL (overrides the kubeconfig server)')
    .option('--kubeconfig <file>', 'kubeconfig with the apiserver and credentials')
    .option('--proxy-mode <mode>', 'userspace or iptables', 'userspace')
    .option('--hostname-override <name>', 'this node’s name (default: the hostname)')
    .option('--service-cluster-ip-range <cidr>', 'the cluster IP range', '10.96.0.0/16')
    .option(
      '--cluster-cidr <cidr>',
      'the pods’ range (iptables mode masquerades clients outside it)',
      '10.244.0.0/16',
    )
    .option(
      '--nodeport-addresses <ips>',
      'comma-separated node addresses for node ports (default: all of this node’s)',
    )
    .option('--healthz-bind-address <ip:port>', '/healthz and /metrics; "" disables', '127.0.0.1:10256')
    .option(
      '--sync-period <duration>',
      'forced resync of routes, rules and listeners (puts back what others removed); 0 disables',
      '30s',
    )
    .action(async (flags: ProxyFlags) => {
      const settings = proxySettings(flags, os.hostname());
      const client = componentClient('proxy', flags);
      const abort = new AbortController();
      let running: Promise<void> = Promise.resolve();
      exitOnSignal(async () => {
        abort.abort();
        await running;
      });
      process.stdout.write(`proxy (${settings.mode}) running against ${client.config.server}\n`);
      running = runProxy(settings, client, abort.signal).finally(() => client.close());
      await running;
    });
}
