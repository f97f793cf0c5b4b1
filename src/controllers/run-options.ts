// What every controller loop's run function takes from the controller-manager: the cluster, the
// process's shared informers, the clock and a signal that ends it.
import type { ClientInterface, SharedInformerFactory } from '../client';
import type { WorkQueueMetrics } from '../client/workqueue/metrics';
import type { Clock, Logger } from '../util';

export interface RunControllerOptions {
  client: ClientInterface;
  /** Shared by every controller of the process, so each resource is listed and watched once. */
  factory: SharedInformerFactory;
  clock: Clock;
  /** Aborting stops the workers after their current key; the factory is the caller's to stop. */
  signal: AbortSignal;
  /** Concurrent syncs. */
  workers?: number;
  log?: Logger;
  /** Where the controller's work queue reports (depth, adds, latency, work time, errors). */
  metrics?: WorkQueueMetrics;
}
