// `k8ts up`, `k8ts down`, `k8ts status`: the local cluster's life cycle (src/cluster does the work).
import type { Command } from 'commander';
import { down, formatStatus, status, up } from '../cluster';

interface UpFlags {
  port?: string;
  home?: string;
  bridge?: string;
  podCidr?: string;
  nodeName?: string;
  kubeletPort?: string;
  skipInstall?: boolean;
}

const num = (v?: string) => (v === undefined ? undefined : Number(v));

export function registerLifecycle(program: Command): void {
  program
    .command('up')
    .description('install what is missing and start a single-node local cluster (state in $K8TS_HOME)')
    .option('--port <port>', 'apiserver port on 127.0.0.1 (default 8080)')
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .option('--bridge <name>', 'the node bridge (default cbr0)')
    .option('--pod-cidr <cidr>', 'the node’s pod range (default 10.244.0.0/24)')
    .option('--node-name <name>', 'the node name (default `hostname -f`, lowercased)')
    .option('--kubelet-port <port>', 'the kubelet HTTP port (default 10250)')
    .option('--skip-install', 'do not check or install Debian and npm packages')
    .action(async (f: UpFlags) => {
      const result = await up({
        home: f.home,
        port: num(f.port),
        bridge: f.bridge,
        podCidr: f.podCidr,
        nodeName: f.nodeName,
        kubeletPort: num(f.kubeletPort),
        skipInstall: f.skipInstall,
      });
      const out = process.stdout;
      if (result.alreadyRunning) out.write(`The cluster is already running at ${result.server}.\n`);
      else
        out.write(
          `\nThe cluster is up at ${result.server}: node ${result.nodeName} Ready after ${(result.elapsedMs / 1000).toFixed(1)} s.\n`,
        );
      out.write(`\nUse it with kubectl:\n  export KUBECONFIG=${result.kubeconfig}\n  kubectl get nodes\n`);
      out.write(`Stop it with: bin/k8ts down${f.home ? ` --home ${f.home}` : ''}\n`);
    });

  program
    .command('down')
    .description(
      'remove everything `up` made: processes, containers, dockerd, bridge, iptables chain (idempotent)',
    )
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .option('--purge', 'also delete the cluster state directory')
    .action(async (opts: { home?: string; purge?: boolean }) => {
      const removed = await down({ home: opts.home, purge: opts.purge });
      process.stdout.write(removed.length ? `Removed: ${removed.join(', ')}\n` : 'Nothing was running.\n');
    });

  program
    .command('status')
    .description('show each process of the local cluster with its PID, running or not')
    .option('--home <dir>', 'cluster state directory (default $K8TS_HOME, else ~/.k8ts)')
    .action((opts: { home?: string }) => {
      process.stdout.write(formatStatus(status(opts.home)));
    });
}
