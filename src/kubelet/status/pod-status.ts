// buildPodStatus: the pure core of the status manager — what the API should say about a pod, from its spec,
// what the runtime observes, readiness, and the kubelet's own knowledge (crash-loop back-off, the previous
// attempt's end). Phase and conditions follow Kubernetes' getPhase and generateAPIPodStatus; times that did not
// change (startTime, a condition's lastTransitionTime) are carried over from the previous status.
import type { ContainerStateTerminated } from 'kubernetes-types/core/v1';
import type { ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types';
import { rfc3339 } from '../../util';
import type { ContainerRuntimeStatus, PodRuntimeStatus } from '../runtime';

export interface PodStatusInputs {
  hostIp: string;
  now: number;
  /** The status the API holds now (or the last one written): startTime and transition times come from it. */
  previous?: PodStatus;
  /** Readiness from probes; consulted only for running containers. */
  ready(container: string): boolean;
  /** Containers held in restart back-off: shown as waiting with this reason and message. */
  waiting?: ReadonlyMap<string, { reason: string; message: string }>;
  /** The end of each container's previous attempt, shown as lastState. */
  lastTerminated?: ReadonlyMap<string, ContainerStateTerminated>;
}

/** `docker://<id>` as Kubernetes writes container IDs; an id that already names its runtime is kept. */
export function containerId(id: string): string {
  return id.includes('://') ? id : `docker://${id}`;
}

export function terminatedState(c: ContainerRuntimeStatus): ContainerStateTerminated {
  return {
    exitCode: c.exitCode ?? 0,
    reason: c.reason ?? (c.exitCode ? 'Error' : 'Completed'),
    ...(c.message ? { message: c.message } : {}),
    ...(c.startedAt ? { startedAt: c.startedAt } : {}),
    ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
    ...(c.id ? { containerID: containerId(c.id) } : {}),
  };
}

function containerStatus(
  pod: Pod,
  name: string,
  seen: ContainerRuntimeStatus | undefined,
  inputs: PodStatusInputs,
): ContainerStatus {
  const image = pod.spec?.containers.find((c) => c.name === name)?.image ?? seen?.image ?? '';
  const last = inputs.lastTerminated?.get(name);
  const base: ContainerStatus = {
    name,
    image,
    imageID: seen?.imageId ?? '',
    ready: false,
    restartCount: seen?.restartCount ?? 0,
    started: false,
    state: {},
    ...(last ? { lastState: { terminated: last } } : {}),
    ...(seen?.id ? { containerID: containerId(seen.id) } : {}),
  };
  const held = inputs.waiting?.get(name);
  if (!seen) return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
  if (seen.state === 'running') {
    // A runtime that does not know when it started: keep the time first reported for this attempt.
    const before = inputs.previous?.containerStatuses?.find((s) => s.name === name);
    const known = before?.containerID === base.containerID ? before?.state?.running?.startedAt : undefined;
    const startedAt = seen.startedAt ?? known ?? rfc3339(inputs.now);
    return { ...base, started: true, ready: inputs.ready(name), state: { running: { startedAt } } };
  }
  if (held) {
    // A crash-looping container: waiting for its back-off, its last crash in lastState.
    return { ...base, state: { waiting: held }, lastState: { terminated: terminatedState(seen) } };
  }
  if (seen.state === 'exited') return { ...base, state: { terminated: terminatedState(seen) } };
  const reason = seen.reason ?? 'ContainerCreating';
  return { ...base, state: { waiting: { reason, ...(seen.message ? { message: seen.message } : {}) } } };
}

/** Kubernetes' getPhase for pods without init containers. */
export function podPhase(pod: Pod, statuses: readonly ContainerStatus[]): string {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated)
      stopped++; // waiting to be restarted
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (policy === 'Never') return 'Failed';
  return 'Running'; // OnFailure: the failed ones are being restarted
}

function condition(
  type: string,
  ok: boolean,
  inputs: PodStatusInputs,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = inputs.previous?.conditions?.find((c) => c.type === type);
  const lastTransitionTime =
    before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : rfc3339(inputs.now);
  return {
    type,
    status,
    lastProbeTime: null as unknown as string, // Kubernetes writes null here, and kubectl prints it
    lastTransitionTime,
    ...(ok || !reason ? {} : { reason }),
    ...(ok || !message ? {} : { message }),
  };
}

export function buildPodStatus(pod: Pod, observed: PodRuntimeStatus | undefined, inputs: PodStatusInputs) {
  const byName = new Map((observed?.containers ?? []).map((c) => [c.name, c]));
  const containerStatuses = (pod.spec?.containers ?? []).map((c) =>
    containerStatus(pod, c.name, byName.get(c.name), inputs),
  );
  const phase = podPhase(pod, containerStatuses);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const notReady = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const why = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const ready = unready.length === 0 && !terminal;
  const podIp = observed?.podIp;
  const status: PodStatus = {
    phase,
    conditions: [
      condition('Initialized', true, inputs),
      condition('Ready', ready, inputs, notReady, why),
      condition('ContainersReady', ready, inputs, notReady, why),
      condition('PodScheduled', true, inputs),
    ],
    hostIP: inputs.hostIp,
    hostIPs: [{ ip: inputs.hostIp }],
    ...(podIp ? { podIP: podIp, podIPs: [{ ip: podIp }] } : {}),
    startTime: inputs.previous?.startTime ?? rfc3339(inputs.now),
    containerStatuses,
    qosClass: inputs.previous?.qosClass ?? 'BestEffort',
  };
  return status;
}

/** The status without the times that change on every write, for "did anything change?". */
export function statusFingerprint(status: PodStatus | undefined): string {
  return JSON.stringify(status ?? {}, (key, value: unknown) =>
    key === 'lastProbeTime' || key === 'lastHeartbeatTime' ? undefined : value,
  );
}
