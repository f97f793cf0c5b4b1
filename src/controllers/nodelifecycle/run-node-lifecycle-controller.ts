// The node lifecycle controller's wiring: nodes informer (handlers note heartbeats and enqueue the node
// name), the shared pods informer indexed by spec.nodeName (a pod bound to a node wakes that node, so
// eviction sees new arrivals), the range allocator rebuilt from the cached nodes, and the workers.
import type { Node, Pod } from '../../api/types';
import { WorkQueue, deletedObject, runWorkers } from '../../client';
import type { RunControllerOptions } from '../run-options';
import { CidrAllocator, DEFAULT_CLUSTER_CIDR, DEFAULT_NODE_CIDR_MASK_SIZE } from './cidr-allocator';
import {
  NODE_NAME_INDEX,
  NodeLifecycleController,
  nodeNameIndexFunc,
  type NodeLifecycleTimings,
} from './node-lifecycle-controller';

export interface RunNodeLifecycleOptions extends RunControllerOptions, NodeLifecycleTimings {
  /** --cluster-cidr, default 10.244.0.0/16; each node gets a /nodeCidrMaskSize (24) of it. */
  clusterCIDR?: string;
  nodeCidrMaskSize?: number;
}

/**
 * Nodes synced at once. Each sync is independent of the others (a range is taken from the allocator
 * synchronously, before its patch is sent), and a new cluster of 5,000 nodes needs 5,000 podCIDR patches:
 * one at a time, that took over a minute. kube-controller-manager's range allocator runs 30 such workers.
 */
export const NODE_SYNC_WORKERS = 8;

export async function runNodeLifecycleController(o: RunNodeLifecycleOptions): Promise<void> {
  // Checked before anything starts: a bad flag must fail the process, not a worker.
  const allocator = new CidrAllocator(
    o.clusterCIDR ?? DEFAULT_CLUSTER_CIDR,
    o.nodeCidrMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE,
  );
  const nodes = o.factory.informerFor<Node>('nodes');
  const pods = o.factory.informerFor<Pod>('pods');
  pods.addIndexers({ [NODE_NAME_INDEX]: nodeNameIndexFunc });
  const queue = new WorkQueue<string>({ clock: o.clock, name: 'nodelifecycle', metrics: o.metrics });
  const controller = new NodeLifecycleController({
    client: o.client,
    nodes: nodes.indexer,
    pods: pods.indexer,
    queue,
    clock: o.clock,
    allocator,
    gracePeriodMs: o.gracePeriodMs,
    startupGracePeriodMs: o.startupGracePeriodMs,
    podEvictionTimeoutMs: o.podEvictionTimeoutMs,
    log: o.log,
  });
  const seen = (node: Node) => {
    controller.observe(node);
    queue.add(node.metadata?.name ?? '');
  };
  nodes.addEventHandler({
    onAdd: seen,
    onUpdate: (_old, node) => seen(node),
    onDelete: (n) => controller.forget(deletedObject(n)),
  });
  pods.addEventHandler({
    onAdd: (p) => p.spec?.nodeName && queue.add(p.spec.nodeName),
    onUpdate: (old, p) => {
      if (p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName) queue.add(p.spec.nodeName);
    },
  });
  if (o.signal.aborted) return;
  o.signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  o.factory.start();
  if (!(await o.factory.waitForCacheSync(o.signal))) return;
  // Ranges already handed out, before the first allocation.
  for (const n of nodes.indexer.list()) if (n.spec?.podCIDR) allocator.occupy(n.spec.podCIDR);
  await runWorkers(queue, o.workers ?? NODE_SYNC_WORKERS, (name) => controller.sync(name), o.log);
}
