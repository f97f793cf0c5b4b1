// `k8ts apiserver`: flags → startApiServer. SIGTERM/SIGINT drain the server (stop accepting, end watches,
// close registry and store) and exit 0.
import type { Command } from 'commander';
import type { ApiServerOptions } from '../apiserver';
import { exitOnSignal } from './component';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port ${JSON.stringify(value)}`);
  return n;
}

interface Flags {
  store: string;
  dataDir?: string;
  etcdServers?: string;
  insecurePort?: number;
  insecureBindAddress: string;
  securePort?: number;
  bindAddress?: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  serviceClusterIpRange?: string;
}

export function apiServerOptions(flags: Flags): ApiServerOptions {
  if (flags.store !== 'sqlite' && flags.store !== 'etcd')
    throw new Error(`--store must be sqlite or etcd, not ${JSON.stringify(flags.store)}`);
  return {
    store: flags.store,
    dataDir: flags.dataDir,
    etcdServers: flags.etcdServers?.split(',').filter(Boolean),
    insecurePort: flags.insecurePort,
    insecureBindAddress: flags.insecureBindAddress,
    securePort: flags.securePort,
    bindAddress: flags.bindAddress,
    tlsCertFile: flags.tlsCertFile,
    tlsKeyFile: flags.tlsPrivateKeyFile,
    serviceClusterIpRange: flags.serviceClusterIpRange,
  };
}

export function registerApiServer(program: Command): void {
  program
    .command('apiserver')
    .description('serve the Kubernetes API over a sqlite or etcd store')
    .option('--store <kind>', 'storage backend: sqlite or etcd', 'sqlite')
    .option('--data-dir <dir>', 'directory for the sqlite database')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs')
    .option('--insecure-port <port>', 'plain HTTP port, unauthenticated (loopback only)', port)
    .option('--insecure-bind-address <ip>', 'address for the insecure port', '127.0.0.1')
    .option('--secure-port <port>', 'HTTPS port', port)
    .option('--bind-address <ip>', 'address for the secure port', '0.0.0.0')
    .option('--tls-cert-file <file>', 'PEM certificate for HTTPS')
    .option('--tls-private-key-file <file>', 'PEM private key for HTTPS')
    .option('--service-cluster-ip-range <cidr>', 'CIDR that service cluster IPs are allocated from')
    .action(async (flags: Flags) => {
      // Loaded on demand: the other verbs need not pay for the store drivers at start-up.
      const { startApiServer } = await import('../apiserver');
      const server = await startApiServer(apiServerOptions(flags));
      process.stdout.write(`apiserver serving on ${server.urls.join(', ')}\n`);
      exitOnSignal(() => server.close());
    });
}
