// `kubectl get pods` columns, computed as Kubernetes' printPod does (pkg/printers/internalversion): READY
// counts ready running containers, STATUS is the most telling container reason (CrashLoopBackOff,
// ErrImagePull, Completed, Init:0/1, ...) or the phase, Terminating once deletion has started, and RESTARTS
// carries the age of the latest restart.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, type Printer, type TableRowCondition } from '../types';

const columns = [
  NAME_COLUMN,
  column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE_COLUMN,
  column(
    'IP',
    'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    { wide: true },
  ),
  column('Node', 'NodeName indicates in which node this pod is scheduled.', { wide: true }),
  column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', {
    wide: true,
  }),
  column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', {
    wide: true,
  }),
];

interface Summary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart: number;
}

/** Restart count and the latest restart time (ms; 0 = never) of a set of container statuses. */
function restartsOf(statuses: ContainerStatus[], into: Summary): void {
  for (const s of statuses) {
    into.restarts += s.restartCount ?? 0;
    const finished = s.lastState?.terminated?.finishedAt;
    if (finished) into.lastRestart = Math.max(into.lastRestart, Date.parse(finished) || 0);
  }
}

function terminatedReason(t: { reason?: string; signal?: number; exitCode: number }, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

/** Returns true while an init container is still running or has failed (the STATUS is then `Init:...`). */
function initStatus(pod: Pod, s: Summary): boolean {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const total = pod.spec?.initContainers?.length ?? 0;
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i]!;
    s.restarts += c.restartCount ?? 0;
    if (c.state?.terminated && c.state.terminated.exitCode === 0) continue;
    if (c.state?.terminated) s.reason = terminatedReason(c.state.terminated, 'Init:');
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      s.reason = `Init:${c.state.waiting.reason}`;
    } else s.reason = `Init:${i}/${total}`;
    return true;
  }
  return false;
}

function summarize(pod: Pod): Summary {
  const s: Summary = {
    ready: 0,
    total: pod.spec?.containers?.length ?? 0,
    reason: pod.status?.reason || pod.status?.phase || 'Pending',
    restarts: 0,
    lastRestart: 0,
  };
  const conditions = pod.status?.conditions ?? [];
  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    s.reason = 'SchedulingGated';
  }
  const initializing = initStatus(pod, s);
  if (!initializing || initialized) {
    s.restarts = 0;
    const statuses = pod.status?.containerStatuses ?? [];
    restartsOf(statuses, s);
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      if (c.state?.waiting?.reason) s.reason = c.state.waiting.reason;
      else if (c.state?.terminated) s.reason = terminatedReason(c.state.terminated, '');
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        s.ready++;
      }
    }
    if (s.reason === 'Completed' && hasRunning) {
      s.reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const phase = pod.status?.phase;
  if (pod.metadata?.deletionTimestamp) {
    if (pod.status?.reason === 'NodeLost') s.reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') s.reason = 'Terminating';
  }
  return s;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (!gates.length) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const ok = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${ok}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns,
  cells(pod: Pod, now: number) {
    const s = summarize(pod);
    const restarts =
      s.restarts !== 0 && s.lastRestart > 0
        ? `${s.restarts} (${ageSince(new Date(s.lastRestart).toISOString(), now)} ago)`
        : String(s.restarts);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      pod.metadata?.name ?? '',
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      ageSince(pod.metadata?.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod: Pod): TableRowCondition[] | undefined {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') {
      return [
        { type: 'Completed', status: 'True', reason: phase, message: 'The pod has completed successfully.' },
      ];
    }
    if (phase === 'Failed')
      return [{ type: 'Completed', status: 'True', reason: phase, message: 'The pod failed.' }];
    return undefined;
  },
};
