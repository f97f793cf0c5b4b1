// `k8ts dns`: the cluster DNS add-on as its own process. flags → client → startClusterDns. It serves
// <svc>.<ns>.svc.<cluster-domain> on --bind-address:--port (UDP and TCP), REFUSED for names outside the domain
// (there is no upstream), and /healthz and /metrics on --health-bind-address (empty: none). SIGTERM/SIGINT close
// the listeners and the watches and exit 0.
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { DNS_DEFAULTS, parseClusterDomain, startClusterDns, type ClusterDnsOptions } from '../dns';
import { componentLogger, realClock } from '../util';
import { componentClient, exitOnSignal, type ApiserverFlags } from './component';

export interface DnsFlags extends ApiserverFlags {
  bindAddress: string;
  port: string;
  clusterDomain: string;
  healthBindAddress: string;
}

function port(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want a port from 0 to 65535`);
  return n;
}

function ipAddress(flag: string, text: string): string {
  if (!isIP(text))
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want an IP address such as 127.0.0.1`);
  return text;
}

/** "127.0.0.1:8081" or "[::1]:8081" → address and port. */
export function parseHostPort(flag: string, text: string): { address: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  if (!m) throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want HOST:PORT such as 127.0.0.1:8081`);
  return { address: ipAddress(flag, m[1] ?? m[2]!), port: port(flag, m[3]!) };
}

/** The flags as ClusterDnsOptions, less the client; throws with the flag's name on bad input. */
export function dnsOptions(f: DnsFlags): Omit<ClusterDnsOptions, 'client'> {
  return {
    domain: parseClusterDomain(f.clusterDomain),
    bindAddress: ipAddress('--bind-address', f.bindAddress),
    port: port('--port', f.port),
    health: f.healthBindAddress ? parseHostPort('--health-bind-address', f.healthBindAddress) : undefined,
  };
}

export function registerDns(program: Command): void {
  program
    .command('dns')
    .description('serve cluster DNS: <svc>.<ns>.svc.<cluster-domain> from the services and endpoints')
    .option('--master <url>', 'the apiserver URL (overrides the kubeconfig server)')
    .option('--kubeconfig <file>', 'kubeconfig with the apiserver and credentials')
    .option('--bind-address <ip>', 'address to serve DNS on (UDP and TCP)', DNS_DEFAULTS.bindAddress)
    .option('--port <n>', 'port to serve DNS on; 0 picks a free one', String(DNS_DEFAULTS.port))
    .option('--cluster-domain <domain>', 'the domain the cluster answers for', DNS_DEFAULTS.clusterDomain)
    .option(
      '--health-bind-address <host:port>',
      'where /healthz and /metrics are served; empty for none',
      DNS_DEFAULTS.healthBindAddress,
    )
    .action(async (flags: DnsFlags) => {
      const options = dnsOptions(flags);
      const client = componentClient('dns', flags);
      const log = componentLogger('dns');
      const dns = await startClusterDns({ ...options, client, clock: realClock, log });
      exitOnSignal(async () => {
        await dns.close();
        client.close();
      });
      const health = options.health ? `, health on ${options.health.address}:${dns.healthPort}` : '';
      process.stdout.write(
        `dns serving ${options.domain} on ${dns.address}:${dns.port} (udp, tcp)${health}, against ${client.config.server}\n`,
      );
      void dns.whenSynced().then(() => log.info('services and endpoints synced; answering'));
    });
}
