// `k8ts up`, `k8ts down`, `k8ts status`: the local cluster's life cycle (src/cluster does the work).
import path from 'node:path';
import type { Command } from 'commander';
import { down, formatStatus, push, status, up, type ProxyMode, type StoreKind } from '../cluster';

interface UpFlags {
  port?: string;
  home?: string;
  nodes?: string;
  proxyMode?: string;
  bridge?: string;
  podCidr?: string;
  nodeName?: string;
  kubeletPort?: string;
  hostBridge?: string;
  nodeCidr?: string;
  clusterCidr?: string;
  serviceCidr?: string;
  netnsPrefix?: string;
  proxyHealthzPort?: string;
  dnsHealthzPort?: string;
  schedulerPort?: string;
  controllerManagerPort?: string;
  clusterDomain?: string;
  store?: string;
  etcdMembers?: string;
  etcdServers?: string;
  etcdPort?: string;
  authFile?: string;
  skipInstall?: boolean;
  componentsInDocker?: boolean;
}

const num = (v?: string) => (v === undefined ? undefined : Number(v));
/** Absolute, as it is saved with the cluster's settings; '' is left as is (the default file). */
const authFileOf = (v?: string) => (v ? path.resolve(v) : undefined);

export function registerLifecycle(program: Command): void {
  program
    .command('up')
    .description(
      'install what is missing and start a local cluster of one node, or of --nodes N network namespaces (state in $K8TS_HOME)',
    )
    .option(
      '--nodes <n>',
      'number of nodes; more than 1 puts each in a network namespace of its own (default 1)',
    )
    .option('--proxy-mode <mode>', 'userspace or iptables (default userspace)')
    .option(
      '--port <port>',
      'the apiserver’s HTTPS port, on the node bridge address (one node) or the host bridge address (default 6443)',
    )
    .option(
      '--auth-file <file>',
      'where the admin password is kept (default $K8TS_AUTH_FILE, else ~/.kubernetes_auth)',
    )
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .option('--bridge <name>', 'the node bridge, one per node (default cbr0)')
    .option('--pod-cidr <cidr>', 'one node: its pod range (default 10.244.0.0/24)')
    .option('--node-name <name>', 'the node name; node i of several is <name>-<i> (default `hostname -f`)')
    .option('--kubelet-port <port>', 'the kubelet HTTP port (default 10250)')
    .option('--host-bridge <name>', 'several nodes: the bridge joining them (default k8ts0)')
    .option(
      '--node-cidr <cidr>',
      'several nodes: their network, host .1, node i .(10+i) (default 10.240.0.0/24)',
    )
    .option(
      '--cluster-cidr <cidr>',
      'several nodes: node i gets its i-th /24 for pods (default 10.244.0.0/16)',
    )
    .option('--service-cidr <cidr>', 'service cluster IPs (default 10.96.0.0/16)')
    .option(
      '--netns-prefix <prefix>',
      'several nodes: node i is network namespace <prefix><i> (default k8ts-node-)',
    )
    .option('--proxy-healthz-port <port>', 'the proxy’s /healthz port on 127.0.0.1 (default 10256)')
    .option(
      '--dns-healthz-port <port>',
      'cluster DNS’s /healthz and /metrics port on 127.0.0.1 (default 8081)',
    )
    .option('--cluster-domain <domain>', 'the domain cluster DNS answers for (default cluster.local)')
    .option(
      '--scheduler-port <port>',
      'the scheduler’s /metrics and /healthz port on 127.0.0.1 (default 10251)',
    )
    .option(
      '--controller-manager-port <port>',
      'the controller-manager’s /metrics and /healthz port on 127.0.0.1 (default 10252)',
    )
    .option('--store <kind>', 'the apiserver’s store: sqlite (embedded, default) or etcd')
    .option(
      '--etcd-members <n>',
      'with --store etcd: local etcd members on loopback, 1, 3, 5 or 7 (default 1)',
    )
    .option(
      '--etcd-servers <urls>',
      'with --store etcd: client URLs of an existing etcd cluster (starts none)',
    )
    .option(
      '--etcd-port <port>',
      'local etcd member i: clients on 127.0.0.1:<port+2(i-1)>, peers on the next (default 2379)',
    )
    .option(
      '--components-in-docker',
      'run the apiserver, controller-manager, scheduler and DNS as containers on our dockerd (kept with the settings)',
    )
    .option('--no-components-in-docker', 'run them as host processes again (after `down`)')
    .option('--skip-install', 'do not check or install Debian and npm packages')
    .action(async (f: UpFlags) => {
      const result = await up({
        home: f.home,
        nodes: num(f.nodes),
        proxyMode: f.proxyMode as ProxyMode | undefined,
        port: num(f.port),
        bridge: f.bridge,
        podCidr: f.podCidr,
        nodeName: f.nodeName,
        kubeletPort: num(f.kubeletPort),
        hostBridge: f.hostBridge,
        nodeCidr: f.nodeCidr,
        clusterCidr: f.clusterCidr,
        serviceCidr: f.serviceCidr,
        netnsPrefix: f.netnsPrefix,
        proxyHealthzPort: num(f.proxyHealthzPort),
        dnsHealthzPort: num(f.dnsHealthzPort),
        schedulerPort: num(f.schedulerPort),
        controllerManagerPort: num(f.controllerManagerPort),
        clusterDomain: f.clusterDomain,
        store: f.store as StoreKind | undefined,
        etcdMembers: num(f.etcdMembers),
        etcdServers: f.etcdServers,
        etcdPort: num(f.etcdPort),
        authFile: authFileOf(f.authFile ?? process.env.K8TS_AUTH_FILE),
        skipInstall: f.skipInstall,
        componentsInDocker: f.componentsInDocker,
      });
      const out = process.stdout;
      const nodes = result.nodeNames;
      if (result.alreadyRunning) out.write(`The cluster is already running at ${result.server}.\n`);
      else
        out.write(
          `\nThe cluster is up at ${result.server}: ${nodes.length > 1 ? `${nodes.length} nodes (${nodes.join(', ')})` : `node ${nodes[0]}`} Ready after ${(result.elapsedMs / 1000).toFixed(1)} s.\n`,
        );
      out.write(`\nUse it with kubectl:\n  export KUBECONFIG=${result.kubeconfig}\n  kubectl get nodes\n`);
      out.write(
        `The admin password (for a browser at ${result.server}/ui/ or curl) is in ${result.authFile}.\n`,
      );
      out.write(`To add a node on another host (docs/multi-host.md): ${result.joinCommand}\n`);
      out.write(`Stop it with: bin/k8ts down${f.home ? ` --home ${f.home}` : ''}\n`);
    });

  program
    .command('down')
    .description(
      'remove everything `up` made: processes, containers, dockerds, namespaces, bridges, routes, iptables chain (idempotent)',
    )
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .option('--purge', 'also delete the cluster state directory')
    .action(async (opts: { home?: string; purge?: boolean }) => {
      const removed = await down({ home: opts.home, purge: opts.purge });
      process.stdout.write(removed.length ? `Removed: ${removed.join(', ')}\n` : 'Nothing was running.\n');
    });

  program
    .command('push')
    .description(
      'put the current build into the running cluster: restart its components one by one (pods keep running)',
    )
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .action(async (opts: { home?: string }) => {
      const result = await push({ home: opts.home, log: (line) => process.stderr.write(`${line}\n`) });
      process.stdout.write(
        `Pushed: ${result.restarted.length} components restarted on the current build; the API was back ${(result.apiDownMs / 1000).toFixed(1)} s after the apiserver stopped.\n`,
      );
    });

  program
    .command('status')
    .description('show each process of the local cluster (every node’s too) with its PID, running or not')
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .action((opts: { home?: string }) => {
      process.stdout.write(formatStatus(status(opts.home)));
    });
}
