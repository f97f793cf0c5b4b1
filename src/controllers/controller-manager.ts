// startControllerManager: the controller-manager process's body (k8s kube-controller-manager). It runs the
// replication manager, endpoints controller, node lifecycle controller and garbage collector over one
// SharedInformerFactory, so each resource is listed and watched once per process. With leaderElect, the
// controllers run only while this instance holds the `kube-system/kube-controller-manager` lock; losing
// it stops them (fresh caches next time), and the instance stands again. Namespace clean-up stays in the
// registry, which finishes namespace deletion in-process.
import { hostname } from 'node:os';
import { SharedInformerFactory, type ClientInterface } from '../client';
import type { WorkQueueMetrics } from '../client/workqueue/metrics';
import { EndpointsLock, LeaderElector } from '../client/leaderelection';
import { randomIds, type Clock, type Logger } from '../util';
import { runEndpointsController } from './endpoints/endpoints-controller';
import { runGarbageCollector } from './gc/run-garbage-collector';
import { runNodeLifecycleController } from './nodelifecycle/run-node-lifecycle-controller';
import { runReplicationManager } from './replication/replication-manager';

export const CONTROLLER_MANAGER_LOCK = { namespace: 'kube-system', name: 'kube-controller-manager' };

export interface ControllerManagerOptions {
  /** --concurrent-rc-syncs, default 5. */
  concurrentRcSyncs?: number;
  concurrentEndpointSyncs?: number;
  concurrentGcSyncs?: number;
  /** --cluster-cidr, default 10.244.0.0/16. */
  clusterCIDR?: string;
  /** --node-monitor-grace-period, default 40 s. */
  nodeMonitorGracePeriodMs?: number;
  /** --pod-eviction-timeout, default 5 min. */
  podEvictionTimeoutMs?: number;
  /** Informer resync period; default 0 (level-triggered loops re-check on their own schedules). */
  resyncMs?: number;
  /** --leader-elect, and its lease timings (15 s / 10 s / 2 s by default). */
  leaderElect?: boolean;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Defaults to `<hostname>_<uuid>`. */
  identity?: string;
}

export interface ControllerManager {
  /** Stops every controller (and releases the lock); resolves when they have finished. */
  stop(): Promise<void>;
  /** True while the controllers run (always, without leader election, until stopped). */
  isLeading(): boolean;
}

export interface StartControllerManagerArgs {
  client: ClientInterface;
  clock: Clock;
  options?: ControllerManagerOptions;
  log?: Logger;
  /** The controllers' work queues report here (one series per queue name); default: not measured. */
  metrics?: WorkQueueMetrics;
}

/** Runs every controller until signal aborts; resolves once all have stopped. */
async function runControllers(a: StartControllerManagerArgs, signal: AbortSignal): Promise<void> {
  const { client, clock, log } = a;
  const o = a.options ?? {};
  const factory = new SharedInformerFactory(client, { clock, log, resyncMs: o.resyncMs });
  const base = { client, factory, clock, signal, metrics: a.metrics };
  const child = (name: string) => log?.child({ controller: name });
  try {
    await Promise.all([
      runReplicationManager({ ...base, workers: o.concurrentRcSyncs, log: child('replication') }),
      runEndpointsController({ ...base, workers: o.concurrentEndpointSyncs, log: child('endpoints') }),
      runNodeLifecycleController({
        ...base,
        clusterCIDR: o.clusterCIDR,
        gracePeriodMs: o.nodeMonitorGracePeriodMs,
        podEvictionTimeoutMs: o.podEvictionTimeoutMs,
        log: child('nodelifecycle'),
      }),
      runGarbageCollector({ ...base, workers: o.concurrentGcSyncs, log: child('garbagecollector') }),
    ]);
  } finally {
    factory.stop();
  }
}

export function startControllerManager(args: StartControllerManagerArgs): ControllerManager {
  const o = args.options ?? {};
  const stopping = new AbortController();
  let leading = false;
  const track = (signal: AbortSignal) => {
    leading = true;
    return runControllers(args, signal).finally(() => (leading = false));
  };
  let done: Promise<void>;
  if (!o.leaderElect) {
    done = track(stopping.signal);
  } else {
    const identity = o.identity ?? `${hostname()}_${randomIds.uid()}`;
    done = (async () => {
      while (!stopping.signal.aborted) {
        let controllers: Promise<void> = Promise.resolve();
        const elector = new LeaderElector({
          lock: new EndpointsLock(
            args.client,
            CONTROLLER_MANAGER_LOCK.namespace,
            CONTROLLER_MANAGER_LOCK.name,
          ),
          identity,
          clock: args.clock,
          leaseDurationMs: o.leaseDurationMs,
          renewDeadlineMs: o.renewDeadlineMs,
          retryPeriodMs: o.retryPeriodMs,
          releaseOnCancel: true,
          log: args.log,
          callbacks: {
            onStartedLeading: (signal) => {
              args.log?.info({ identity }, 'became leader; starting controllers');
              controllers = track(signal);
            },
            onStoppedLeading: () => args.log?.info({ identity }, 'stopped leading; controllers stop'),
          },
        });
        await elector.run(stopping.signal);
        // The next round starts only when this round's controllers have let go.
        await controllers;
      }
    })();
  }
  return {
    isLeading: () => leading,
    async stop() {
      stopping.abort();
      await done;
    },
  };
}
