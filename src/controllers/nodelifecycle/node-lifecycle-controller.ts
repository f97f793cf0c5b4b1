// NodeLifecycleController: the node lifecycle loop (STYLE.md rule 6; k8s nodeipam range allocator +
// node_lifecycle_controller). Keys are node names. Handlers note, on the injected clock, when each node's
// Ready heartbeat last changed (k8s' "probe timestamp": the kubelet's own timestamps are never compared
// with ours) and enqueue the node. sync(name) applies this folder's pure decisions in order:
//   1. a node without spec.podCIDR gets a free range of --cluster-cidr (patch);
//   2. nodeHealth: silent past the grace period → conditions Unknown (nodes/status) and the unreachable
//      taints (node patch); heard from again → taints removed;
//   3. not ready: its pods are marked not ready (so endpoints drop them) and, past --pod-eviction-timeout,
//      deleted, so their replication controllers replace them elsewhere.
// Each sync schedules the next check itself (addAfter), so a node that falls silent is noticed without
// any event. Writes are conditional on the resourceVersion just read or written.
import type { Node, Pod } from '../../api/types';
import { isNotFound } from '../../api/errors';
import type { ClientInterface, Indexer, WorkQueue } from '../../client';
import type { Clock, Logger } from '../../util';
import type { CidrAllocator } from './cidr-allocator';
import {
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_STARTUP_GRACE_PERIOD_MS,
  nodeHealth,
  notReadySince,
  observeHeartbeat,
  type HeartbeatRecord,
} from './node-health';
import { POD_EVICTION_TIMEOUT_MS, podNotReadyStatus, podsToEvict } from './pods-to-evict';

export const NODE_NAME_INDEX = 'spec.nodeName';
export const nodeNameIndexFunc = (p: Pod): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);

export interface NodeLifecycleTimings {
  /** --node-monitor-grace-period, default 40 s. */
  gracePeriodMs?: number;
  startupGracePeriodMs?: number;
  /** --pod-eviction-timeout, default 5 min. */
  podEvictionTimeoutMs?: number;
}

export interface NodeLifecycleDeps extends NodeLifecycleTimings {
  client: ClientInterface;
  nodes: Indexer<Node>;
  /** The pods cache, with the NODE_NAME_INDEX. */
  pods: Indexer<Pod>;
  queue: WorkQueue<string>;
  clock: Clock;
  /** Seeded from the cached nodes' ranges before the first sync. */
  allocator: CidrAllocator;
  log?: Logger;
}

export class NodeLifecycleController {
  private readonly heartbeats = new Map<string, HeartbeatRecord>();
  private readonly grace: number;
  private readonly startupGrace: number;
  private readonly evictionTimeout: number;

  constructor(readonly deps: NodeLifecycleDeps) {
    this.grace = deps.gracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
    this.startupGrace = deps.startupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS;
    this.evictionTimeout = deps.podEvictionTimeoutMs ?? POD_EVICTION_TIMEOUT_MS;
  }

  /** Handlers call this for every node they see: a changed heartbeat restarts the grace period. */
  observe(node: Node): void {
    const name = node.metadata?.name ?? '';
    this.heartbeats.set(name, observeHeartbeat(this.heartbeats.get(name), node, this.deps.clock.now()));
  }

  /** The node is gone: forget it and free its range. */
  forget(node: Node): void {
    this.heartbeats.delete(node.metadata?.name ?? '');
    this.deps.allocator.release(node.spec?.podCIDR);
  }

  async sync(name: string): Promise<void> {
    const cached = this.deps.nodes.get(name);
    if (!cached) return;
    this.observe(cached);
    let node = await this.ensurePodCIDR(cached);
    const now = this.deps.clock.now();
    const seenAt = this.heartbeats.get(name)!.seenAt;
    const health = nodeHealth(node, seenAt, now, this.grace, this.startupGrace);
    const { client } = this.deps;
    if (health.status) {
      this.deps.log?.info({ node: name }, 'node stopped posting status; marking it Unknown');
      node = await client.updateStatus<Node>('nodes', undefined, { ...node, status: health.status });
    }
    if (health.taints) node = await this.patchNode(node, { spec: { taints: health.taints } });
    if (health.ready !== 'True') await this.handlePods(node, health.ready, now);
    // Come back when the node would be past its grace period if nothing is heard from it.
    const grace = node.status?.conditions?.some((c) => c.type === 'Ready') ? this.grace : this.startupGrace;
    const silentIn = seenAt + grace + 1 - now;
    if (silentIn > 0) this.deps.queue.addAfter(name, silentIn);
  }

  private async ensurePodCIDR(node: Node): Promise<Node> {
    if (node.spec?.podCIDR) return node;
    const result = this.deps.allocator.allocateFor(node);
    if (!result.ok) {
      this.deps.log?.warn({ node: node.metadata?.name }, result.message);
      return node;
    }
    try {
      return await this.patchNode(node, { spec: { podCIDR: result.podCIDR, podCIDRs: [result.podCIDR] } });
    } catch (e) {
      this.deps.allocator.release(result.podCIDR);
      throw e;
    }
  }

  private async handlePods(node: Node, ready: string, now: number): Promise<void> {
    const { client, pods } = this.deps;
    const onNode = pods.byIndex(NODE_NAME_INDEX, node.metadata?.name ?? '');
    if (ready === 'Unknown') {
      for (const pod of onNode) {
        const status = podNotReadyStatus(pod, now);
        if (!status) continue;
        await client
          .updateStatus('pods', pod.metadata?.namespace, { ...pod, status })
          .catch((e: unknown) => ignoreNotFound(e));
      }
    }
    const since = notReadySince(node);
    if (since === undefined) return;
    const eviction = podsToEvict(node, onNode, since, now, this.evictionTimeout);
    for (const pod of eviction.evict) {
      this.deps.log?.info(
        { node: node.metadata?.name, pod: pod.metadata?.name },
        'evicting pod from lost node',
      );
      await client
        .delete('pods', pod.metadata?.namespace, pod.metadata!.name!, {
          preconditions: { uid: pod.metadata?.uid },
        })
        .catch((e: unknown) => ignoreNotFound(e));
    }
    if (eviction.nextInMs !== undefined) this.deps.queue.addAfter(node.metadata!.name!, eviction.nextInMs);
  }

  private patchNode(node: Node, patch: { spec: object }): Promise<Node> {
    const meta = { uid: node.metadata?.uid, resourceVersion: node.metadata?.resourceVersion };
    return this.deps.client.patch<Node>('nodes', undefined, node.metadata!.name!, 'merge', {
      metadata: meta,
      ...patch,
    });
  }
}

function ignoreNotFound(e: unknown): void {
  if (!isNotFound(e)) throw e;
}
