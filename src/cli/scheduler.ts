// `k8ts scheduler`: flags → client → Scheduler, optionally behind leader election. With --leader-elect
// several schedulers may run; they compete for the Endpoints lock kube-system/kube-scheduler and only the
// holder schedules; a standby takes over within the 15 s lease when the leader dies. A leader that loses
// its lease exits 1 (as kube-scheduler does) so that it never acts on a stale picture. SIGTERM/SIGINT
// stop scheduling, let bindings in flight finish, give the lease up, and exit 0. /metrics and /healthz are
// served on --bind-address:--port (127.0.0.1:10251, kube-scheduler's), by leader and standbys alike.
import os from 'node:os';
import type { Command } from 'commander';
import { SharedInformerFactory, startMetricsServer, type ClientInterface } from '../client';
import { EndpointsLock, LeaderElector } from '../client/leaderelection';
import { SchedulerMetrics } from '../scheduler/metrics';
import { Scheduler, DEFAULT_SCHEDULER_NAME } from '../scheduler/scheduler';
import { componentLogger, randomIds, realClock, setVerbosity } from '../util';
import { componentClient } from './component';

export interface SchedulerFlags {
  master?: string;
  kubeconfig?: string;
  leaderElect?: boolean;
  schedulerName: string;
  parallelBinds: string;
  percentageOfNodesToScore: string;
  /** /metrics and /healthz. */
  port: string;
  bindAddress: string;
  v: string;
}

export const LOCK_NAMESPACE = 'kube-system';
export const LOCK_NAME = 'kube-scheduler';

function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

/** Unique per process: the leader-election identity and our events' reportingInstance. */
export function schedulerIdentity(): string {
  return `${os.hostname()}_${randomIds.uid()}`;
}

/** Schedules until signal aborts; rejects if leadership, once held, is lost. */
export async function runScheduler(
  flags: SchedulerFlags,
  client: ClientInterface,
  identity: string,
  signal: AbortSignal,
  metrics = new SchedulerMetrics(),
) {
  const log = componentLogger('scheduler');
  const parallelBinds = intFlag('parallel-binds', flags.parallelBinds, 1, 1024);
  const percentageOfNodesToScore = intFlag(
    'percentage-of-nodes-to-score',
    flags.percentageOfNodesToScore,
    0,
    100,
  );
  const runOnce = async (leading: AbortSignal) => {
    const factory = new SharedInformerFactory(client, { clock: realClock, log });
    const scheduler = new Scheduler({
      client,
      factory,
      clock: realClock,
      rng: Math.random,
      log,
      schedulerName: flags.schedulerName,
      identity,
      parallelBinds,
      percentageOfNodesToScore,
      metrics,
    });
    try {
      await scheduler.run(leading);
      await scheduler.events.flush();
    } finally {
      factory.stop();
    }
  };
  if (!flags.leaderElect) return runOnce(signal);

  let scheduling: Promise<void> = Promise.resolve();
  const elector = new LeaderElector({
    lock: new EndpointsLock(client, LOCK_NAMESPACE, LOCK_NAME),
    identity,
    clock: realClock,
    releaseOnCancel: true,
    log,
    callbacks: {
      onStartedLeading: (leading) => {
        log.info({ identity }, 'became leader; scheduling');
        scheduling = runOnce(leading);
        return scheduling;
      },
      onStoppedLeading: () => log.info({ identity }, 'stopped leading'),
      onNewLeader: (leader) => leader !== identity && log.info({ leader }, 'another scheduler leads'),
    },
  });
  await elector.run(signal);
  await scheduling;
  if (!signal.aborted) throw new Error(`leader election lost (${LOCK_NAMESPACE}/${LOCK_NAME})`);
}

export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description('assign pending pods to nodes (binds pods/<name>/binding)')
    .option('--master <url>', 'the apiserver URL (overrides the kubeconfig server)')
    .option('--kubeconfig <file>', 'kubeconfig with the apiserver and credentials')
    .option('--leader-elect', `run as one of several; only the holder of ${LOCK_NAMESPACE}/${LOCK_NAME} acts`)
    .option(
      '--scheduler-name <name>',
      'schedule pods whose spec.schedulerName is this',
      DEFAULT_SCHEDULER_NAME,
    )
    .option('--parallel-binds <n>', 'bindings in flight at most', '64')
    .option('--percentage-of-nodes-to-score <pct>', 'share of nodes searched per pod; 0 = adaptive', '0')
    .option('--port <port>', 'port of /metrics and /healthz', '10251')
    .option(
      '--bind-address <ip>',
      'address of /metrics and /healthz (unauthenticated: keep it local)',
      '127.0.0.1',
    )
    .option('--v <level>', 'log verbosity: 0 info, 2 debug, 4 trace', '0')
    .action(async (flags: SchedulerFlags) => {
      setVerbosity(flags.v);
      const port = intFlag('port', flags.port, 0, 65535);
      const client = componentClient('scheduler', flags);
      const metrics = new SchedulerMetrics();
      const server = await startMetricsServer({ host: flags.bindAddress, port, registry: metrics.registry });
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      const identity = schedulerIdentity();
      const mode = flags.leaderElect ? `, leader election as ${identity}` : '';
      process.stdout.write(`scheduler running against ${client.config.server}${mode}\n`);
      process.stdout.write(`scheduler metrics on http://${server.address}/metrics\n`);
      try {
        await runScheduler(flags, client, identity, abort.signal, metrics);
      } finally {
        client.close();
        await server.close();
      }
      process.exit(0);
    });
}
