// `k8ts controller-manager`: flags → client → startControllerManager. --master or --kubeconfig says where
// the apiserver is (kubeconfig wins when both are given, as in Kubernetes). SIGTERM/SIGINT stop the
// controllers (releasing the leader lock, so a standby takes over at once) and exit 0.
import type { Command } from 'commander';
import { KubeClient } from '../client';
import { startControllerManager, type ControllerManagerOptions } from '../controllers/controller-manager';
import { componentLogger, realClock } from '../util';

export interface ControllerManagerFlags {
  master?: string;
  kubeconfig?: string;
  leaderElect?: boolean;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  clusterCidr: string;
  nodeMonitorGracePeriod: string;
  podEvictionTimeout: string;
  concurrentRcSyncs: string;
  concurrentEndpointSyncs: string;
  concurrentGcSyncs: string;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A Go-style duration (`40s`, `5m`, `1m30s`, `500ms`) in milliseconds. */
export function durationMs(flag: string, text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want a duration such as 40s, 5m or 1m30s`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0);
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want an integer ≥ 1`);
  return n;
}

export function controllerManagerOptions(f: ControllerManagerFlags): ControllerManagerOptions {
  return {
    leaderElect: !!f.leaderElect,
    leaseDurationMs: durationMs('--leader-elect-lease-duration', f.leaderElectLeaseDuration),
    renewDeadlineMs: durationMs('--leader-elect-renew-deadline', f.leaderElectRenewDeadline),
    retryPeriodMs: durationMs('--leader-elect-retry-period', f.leaderElectRetryPeriod),
    clusterCIDR: f.clusterCidr,
    nodeMonitorGracePeriodMs: durationMs('--node-monitor-grace-period', f.nodeMonitorGracePeriod),
    podEvictionTimeoutMs: durationMs('--pod-eviction-timeout', f.podEvictionTimeout),
    concurrentRcSyncs: positiveInt('--concurrent-rc-syncs', f.concurrentRcSyncs),
    concurrentEndpointSyncs: positiveInt('--concurrent-endpoint-syncs', f.concurrentEndpointSyncs),
    concurrentGcSyncs: positiveInt('--concurrent-gc-syncs', f.concurrentGcSyncs),
  };
}

export function clientFor(f: Pick<ControllerManagerFlags, 'master' | 'kubeconfig'>): KubeClient {
  if (f.kubeconfig) return KubeClient.fromKubeconfig(f.kubeconfig);
  if (f.master)
    return new KubeClient({ server: f.master.replace(/\/+$/, ''), userAgent: 'k8ts-controller-manager' });
  throw new Error('either --master or --kubeconfig is required: where is the apiserver?');
}

export function registerControllerManager(program: Command): void {
  program
    .command('controller-manager')
    .description('run the replication, endpoints, node lifecycle and garbage collection controllers')
    .option('--master <url>', 'the apiserver, e.g. http://127.0.0.1:8080')
    .option('--kubeconfig <file>', 'kubeconfig with the apiserver and credentials (overrides --master)')
    .option('--leader-elect', 'run only while holding the kube-system/kube-controller-manager lock', false)
    .option('--leader-elect-lease-duration <duration>', 'how long standbys wait before taking over', '15s')
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing', '10s')
    .option('--leader-elect-retry-period <duration>', 'how often to try to acquire or renew', '2s')
    .option('--cluster-cidr <cidr>', 'range the nodes pod ranges (/24 each) are taken from', '10.244.0.0/16')
    .option('--node-monitor-grace-period <duration>', 'silence after which a node is Unknown', '40s')
    .option('--pod-eviction-timeout <duration>', 'how long a lost node keeps its pods', '5m')
    .option('--concurrent-rc-syncs <n>', 'replication controllers synced at once', '5')
    .option('--concurrent-endpoint-syncs <n>', 'services synced at once', '5')
    .option('--concurrent-gc-syncs <n>', 'garbage collector workers', '20')
    .action((flags: ControllerManagerFlags) => {
      const options = controllerManagerOptions(flags);
      const client = clientFor(flags);
      const log = componentLogger('controller-manager');
      const cm = startControllerManager({ client, clock: realClock, options, log });
      process.stdout.write(`controller-manager running against ${client.config.server}\n`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        cm.stop().then(
          () => {
            client.close();
            process.exit(0);
          },
          (e: unknown) => {
            process.stderr.write(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}
