// `k8ts controller-manager`: flags → client → startControllerManager. --master or --kubeconfig says where
// the apiserver is (kubeconfig wins when both are given, as in Kubernetes). SIGTERM/SIGINT stop the
// controllers (releasing the leader lock, so a standby takes over at once) and exit 0. /metrics (the work
// queues' depth, adds, latency, work time and errors) and /healthz are served on --bind-address:--port
// (127.0.0.1:10252, kube-controller-manager's).
import type { Command } from 'commander';
import { Registry } from 'prom-client';
import { startMetricsServer } from '../client';
import { WorkQueueMetrics } from '../client/workqueue/metrics';
import { startControllerManager, type ControllerManagerOptions } from '../controllers/controller-manager';
import { componentLogger, realClock, setVerbosity } from '../util';
import { parseDuration } from '../util/duration';
import { componentClient, exitOnSignal } from './component';

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
  /** /metrics and /healthz. */
  port: string;
  bindAddress: string;
  v: string;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want an integer ≥ 1`);
  return n;
}

/** --port as a number (0 picks a free one); throws for anything but 0–65535. */
export function metricsPort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || text.trim() === '')
    throw new Error(`invalid --port ${JSON.stringify(text)}: want an integer from 0 to 65535`);
  return n;
}

export function controllerManagerOptions(f: ControllerManagerFlags): ControllerManagerOptions {
  return {
    leaderElect: !!f.leaderElect,
    leaseDurationMs: parseDuration(f.leaderElectLeaseDuration, '--leader-elect-lease-duration'),
    renewDeadlineMs: parseDuration(f.leaderElectRenewDeadline, '--leader-elect-renew-deadline'),
    retryPeriodMs: parseDuration(f.leaderElectRetryPeriod, '--leader-elect-retry-period'),
    clusterCIDR: f.clusterCidr,
    nodeMonitorGracePeriodMs: parseDuration(f.nodeMonitorGracePeriod, '--node-monitor-grace-period'),
    podEvictionTimeoutMs: parseDuration(f.podEvictionTimeout, '--pod-eviction-timeout'),
    concurrentRcSyncs: positiveInt('--concurrent-rc-syncs', f.concurrentRcSyncs),
    concurrentEndpointSyncs: positiveInt('--concurrent-endpoint-syncs', f.concurrentEndpointSyncs),
    concurrentGcSyncs: positiveInt('--concurrent-gc-syncs', f.concurrentGcSyncs),
  };
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
    .option('--port <port>', 'port of /metrics and /healthz', '10252')
    .option(
      '--bind-address <ip>',
      'address of /metrics and /healthz (unauthenticated: keep it local)',
      '127.0.0.1',
    )
    .option('--v <level>', 'log verbosity: 0 info, 2 debug, 4 trace', '0')
    .action(async (flags: ControllerManagerFlags) => {
      setVerbosity(flags.v);
      const options = controllerManagerOptions(flags);
      const port = metricsPort(flags.port);
      const client = componentClient('controller-manager', flags);
      const log = componentLogger('controller-manager');
      const registry = new Registry();
      const server = await startMetricsServer({ host: flags.bindAddress, port, registry });
      const metrics = new WorkQueueMetrics(registry);
      const cm = startControllerManager({ client, clock: realClock, options, log, metrics });
      process.stdout.write(`controller-manager running against ${client.config.server}\n`);
      process.stdout.write(`controller-manager metrics on http://${server.address}/metrics\n`);
      exitOnSignal(async () => {
        await cm.stop();
        client.close();
        await server.close();
      });
    });
}
