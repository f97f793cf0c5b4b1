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
  clientCaFile?: string;
  tokenAuthFile?: string;
  basicAuthFile?: string;
  serviceClusterIpRange?: string;
  serviceNodePortRange?: string;
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
  kubeletCertificateAuthority?: string;
  bootstrapTokenFile?: string;
  clusterSigningCertFile?: string;
  clusterSigningKeyFile?: string;
  schedulerHealthz?: string;
  controllerManagerHealthz?: string;
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
    clientCaFile: flags.clientCaFile,
    tokenAuthFile: flags.tokenAuthFile,
    basicAuthFile: flags.basicAuthFile,
    serviceClusterIpRange: flags.serviceClusterIpRange,
    serviceNodePortRange: flags.serviceNodePortRange,
    kubeletClientCertificate: flags.kubeletClientCertificate,
    kubeletClientKey: flags.kubeletClientKey,
    kubeletCertificateAuthority: flags.kubeletCertificateAuthority,
    bootstrapTokenFile: flags.bootstrapTokenFile,
    clusterSigningCertFile: flags.clusterSigningCertFile,
    clusterSigningKeyFile: flags.clusterSigningKeyFile,
    schedulerHealthz: flags.schedulerHealthz,
    controllerManagerHealthz: flags.controllerManagerHealthz,
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
    .option('--secure-port <port>', 'HTTPS port, every request authenticated and authorized', port)
    .option('--bind-address <ip>', 'address for the secure port', '127.0.0.1')
    .option('--tls-cert-file <file>', 'PEM certificate for HTTPS')
    .option('--tls-private-key-file <file>', 'PEM private key for HTTPS')
    .option('--client-ca-file <file>', 'CA for x509 client certificates (CN = user, O = groups)')
    .option('--token-auth-file <file>', 'CSV of bearer tokens: token,user,uid,"group1,group2"')
    .option('--basic-auth-file <file>', 'CSV of basic auth users: password,user,uid,"group1,group2"')
    .option('--service-cluster-ip-range <cidr>', 'CIDR that service cluster IPs are allocated from')
    .option(
      '--service-node-port-range <first-last>',
      'ports NodePort services are given (default 30000-32767)',
    )
    .option('--kubelet-client-certificate <file>', 'PEM client certificate for HTTPS to kubelets')
    .option('--kubelet-client-key <file>', 'PEM private key of --kubelet-client-certificate')
    .option(
      '--kubelet-certificate-authority <file>',
      'CA that kubelet serving certificates are verified against',
    )
    .option(
      '--bootstrap-token-file <file>',
      'join tokens (abcdef.0123456789abcdef), one per line: each may only ask for node credentials',
    )
    .option('--cluster-signing-cert-file <file>', 'PEM CA certificate that signs joining nodes’ certificates')
    .option('--cluster-signing-key-file <file>', 'PEM private key of --cluster-signing-cert-file')
    .option(
      '--scheduler-healthz <url>',
      'the scheduler’s health URL, for `kubectl get componentstatuses` (default http://127.0.0.1:10251/healthz)',
    )
    .option(
      '--controller-manager-healthz <url>',
      'the controller-manager’s health URL, for componentstatuses (default http://127.0.0.1:10252/healthz)',
    )
    .action(async (flags: Flags) => {
      // Loaded on demand: the other verbs need not pay for the store drivers at start-up.
      const { startApiServer } = await import('../apiserver');
      const server = await startApiServer(apiServerOptions(flags));
      process.stdout.write(`apiserver serving on ${server.urls.join(', ')}\n`);
      exitOnSignal(() => server.close());
    });
}
