// nodeHealth: the node lifecycle controller's check of one node (k8s tryUpdateNodeHealth plus the taint
// passes). The kubelet renews its Ready condition's lastHeartbeatTime; the controller notes, on its own
// clock, when it last saw that change (observeHeartbeat). A node silent for longer than the grace period
// (--node-monitor-grace-period, 40 s; a node that never reported gets the 60 s startup grace) has its
// conditions set to Unknown. The taints follow the Ready condition: Unknown → node.kubernetes.io/
// unreachable, False → node.kubernetes.io/not-ready, each NoSchedule (the scheduler avoids the node) and
// NoExecute (its pods are evicted); True → neither. spec.unschedulable gives node.kubernetes.io/
// unschedulable:NoSchedule. Taints with other keys are never touched.
import type { Node, NodeCondition, NodeStatus } from '../../api/types';
import type { Taint } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../util';

export const NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const MANAGED_KEYS = [TAINT_UNREACHABLE, TAINT_NOT_READY, TAINT_UNSCHEDULABLE];

/** The conditions the kubelet posts and the controller sets to Unknown when it falls silent. */
const CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export type ReadyStatus = 'True' | 'False' | 'Unknown';

export interface NodeHealth {
  /** The Ready condition's status once this decision is applied. */
  ready: ReadyStatus;
  /** The status to write (nodes/<name>/status) when the node went silent; undefined: nothing to write. */
  status?: NodeStatus;
  /** spec.taints to write when they must change; undefined: leave them. */
  taints?: Taint[];
}

/** What the controller remembers per node: the heartbeat it last saw and when (its own clock, ms). */
export interface HeartbeatRecord {
  heartbeat: string | undefined;
  seenAt: number;
}

const readyCondition = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready');

/**
 * A new heartbeat value restarts the grace period. A node first seen without a Ready condition counts
 * from its creation; one first seen with a condition (controller restart) gets a fresh grace period.
 */
export function observeHeartbeat(
  prev: HeartbeatRecord | undefined,
  node: Node,
  nowMs: number,
): HeartbeatRecord {
  const heartbeat = readyCondition(node)?.lastHeartbeatTime;
  if (prev && prev.heartbeat === heartbeat) return prev;
  if (!prev && heartbeat === undefined) {
    const created = Date.parse(node.metadata?.creationTimestamp ?? '');
    return { heartbeat, seenAt: Number.isFinite(created) ? created : nowMs };
  }
  return { heartbeat, seenAt: nowMs };
}

export function nodeHealth(
  node: Node,
  lastHeartbeatSeenAt: number,
  nowMs: number,
  gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS,
  startupGracePeriodMs = NODE_STARTUP_GRACE_PERIOD_MS,
): NodeHealth {
  const ready = readyCondition(node);
  const grace = ready ? gracePeriodMs : startupGracePeriodMs;
  let status: NodeStatus | undefined;
  let readyStatus = (ready?.status ?? 'Unknown') as ReadyStatus;
  if (nowMs > lastHeartbeatSeenAt + grace) {
    const conditions = silentConditions(node, nowMs);
    if (conditions) status = { ...structuredClone(node.status ?? {}), conditions };
    readyStatus = 'Unknown';
  }
  const taints = desiredTaints(node, readyStatus, nowMs);
  return { ready: readyStatus, ...(status && { status }), ...(taints && { taints }) };
}

/** The conditions with every kubelet-posted one set to Unknown; undefined when all already are. */
function silentConditions(node: Node, nowMs: number): NodeCondition[] | undefined {
  const current = node.status?.conditions ?? [];
  const out = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const c = out.find((x) => x.type === type);
    if (!c) {
      out.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp,
        lastTransitionTime: rfc3339(nowMs),
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, {
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: rfc3339(nowMs),
      });
      changed = true;
    }
  }
  return changed ? out : undefined;
}

function desiredTaints(node: Node, ready: ReadyStatus, nowMs: number): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const want: Taint[] = [];
  const readinessKey =
    ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
  if (readinessKey) {
    want.push({ key: readinessKey, effect: 'NoSchedule' });
    want.push({ key: readinessKey, effect: 'NoExecute', timeAdded: rfc3339(nowMs) });
  }
  if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !MANAGED_KEYS.includes(t.key) || want.some((w) => same(w, t)));
  const added = want.filter((w) => !current.some((t) => same(w, t)));
  if (kept.length === current.length && added.length === 0) return undefined;
  return [...kept.map((t) => ({ ...t })), ...added];
}

/** When the node's Ready condition stopped being True (ms), or undefined while it is True. */
export function notReadySince(node: Node): number | undefined {
  const c = readyCondition(node);
  if (c?.status === 'True') return undefined;
  const t = Date.parse(c?.lastTransitionTime ?? node.metadata?.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : undefined;
}
