// `k8ts join`: on another host, become a node of a cluster whose `up` printed the command (src/cluster/join);
// `--down` removes what join made here; `--print-command`, on the master, prints that command again.
import type { Command } from 'commander';
import { defaultNodeName } from '../kubelet/config/hostname';

interface JoinFlags {
  master?: string;
  token?: string;
  caCertHash?: string;
  home?: string;
  nodeName?: string;
  nodeIp?: string;
  podCidr?: string;
  bridge: string;
  clusterCidr?: string;
  clusterDomain: string;
  kubeletPort: string;
  proxyMode: string;
  proxyHealthzPort: string;
  timeout: string;
  down?: boolean;
  purge?: boolean;
  printCommand?: boolean;
}

function port(what: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`invalid ${what} ${JSON.stringify(value)}: want a port from 1 to 65535`);
  return n;
}

async function run(f: JoinFlags): Promise<void> {
  const cluster = await import('../cluster/join');
  if (f.printCommand) {
    const { clusterJoinCommand } = await import('../cluster/join-command');
    process.stdout.write(`${clusterJoinCommand(f.home)}\n`);
    return;
  }
  if (f.down) {
    const removed = await cluster.joinDown({ home: f.home, purge: f.purge });
    process.stdout.write(removed.length ? `Removed: ${removed.join(', ')}\n` : 'Nothing was running.\n');
    return;
  }
  const missing = (['master', 'token', 'caCertHash'] as const).filter((k) => !f[k]);
  if (missing.length)
    throw new Error(
      `join needs --master, --token and --ca-cert-hash (missing ${missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}); \`k8ts up\` prints the command`,
    );
  if (f.proxyMode !== 'userspace' && f.proxyMode !== 'iptables')
    throw new Error(`invalid --proxy-mode ${JSON.stringify(f.proxyMode)}: want userspace or iptables`);
  const result = await cluster.join({
    master: f.master!,
    token: f.token!,
    caCertHash: f.caCertHash!,
    home: f.home,
    nodeName: defaultNodeName({ override: f.nodeName }),
    nodeIp: f.nodeIp,
    podCidr: f.podCidr,
    bridge: f.bridge,
    clusterCidr: f.clusterCidr,
    clusterDomain: f.clusterDomain,
    kubeletPort: port('--kubelet-port', f.kubeletPort),
    proxyMode: f.proxyMode,
    proxyHealthzPort: port('--proxy-healthz-port', f.proxyHealthzPort),
    timeoutMs: Number(f.timeout) * 1000,
  });
  const out = process.stdout;
  if (result.alreadyJoined) out.write(`This host is already node ${result.nodeName} of ${result.server}.\n`);
  else
    out.write(
      `\nNode ${result.nodeName} (${result.nodeIp}, pods ${result.podCidr}) joined ${result.server} and is Ready after ${(result.elapsedMs / 1000).toFixed(1)} s.\n`,
    );
  out.write(
    `Other hosts reach its pods through a route: ip route add ${result.podCidr} via ${result.nodeIp} (docs/multi-host.md).\n`,
  );
  out.write(`Leave with: k8ts join --down${f.home ? ` --home ${f.home}` : ''}\n`);
}

export function registerJoin(program: Command): void {
  program
    .command('join')
    .description(
      'make this host a node of a cluster: `k8ts up` prints the command (--master, --token, --ca-cert-hash)',
    )
    .option('--master <url>', 'the apiserver, https://<address>:<port>')
    .option('--token <token>', 'the join token, abcdef.0123456789abcdef')
    .option('--ca-cert-hash <sha256:hex>', 'pin of the cluster CA’s public key; anything else is refused')
    .option('--home <dir>', 'this node’s state (default $K8TS_HOME, else ~/.k8ts-node)')
    .option('--node-name <name>', 'the node’s name (default `hostname -f`)')
    .option('--node-ip <ip>', 'the node’s address (default: the one this host reaches the master from)')
    .option('--pod-cidr <cidr>', 'the node’s pod range (default: what the controller-manager assigns)')
    .option('--bridge <name>', 'the node bridge', 'cbr0')
    .option('--cluster-cidr <cidr>', 'every node’s pods, for the proxy (default: the proxy’s)')
    .option('--cluster-domain <domain>', 'the cluster’s DNS domain', 'cluster.local')
    .option('--kubelet-port <port>', 'the kubelet’s HTTPS port', '10250')
    .option('--proxy-mode <mode>', 'userspace or iptables', 'userspace')
    .option('--proxy-healthz-port <port>', 'the proxy’s /healthz port on 127.0.0.1', '10256')
    .option('--timeout <seconds>', 'each wait (pod range, Ready) gives up after this long', '120')
    .option('--down', 'remove what join started and made on this host')
    .option('--purge', 'with --down: also delete the node’s state directory')
    .option('--print-command', 'on the master: print the join command of the cluster in --home')
    .action(run);
}
