// PodSyncer: one level-triggered sync of one desired pod — Kubernetes' syncPod. Observe the runtime; decide
// which crashed containers are still in back-off (held, shown as CrashLoopBackOff) and which may restart
// (arming the next delay); run runtime.syncPod with the service variables; record what visibly happened as
// events; keep the mirror pod; write the pod's status if it changed; and arrange to come back when a back-off
// ends. Everything it reads is passed in, so the kubelet's unit tests drive it with fakes and a FakeClock.
import type { ContainerStateTerminated } from 'kubernetes-types/core/v1';
import type { EnvVar, ObjectReference, Pod } from '../api/types';
import type { Clock } from '../util';
import { RestartBackoff, formatDelay } from './backoff';
import type { EventRecorder } from './events';
import { isStaticPod, type MirrorPods } from './mirror';
import { ErrImagePull, mayRestart, type PodRuntimeStatus, type Runtime } from './runtime';
import { buildPodStatus, containerId, terminatedState } from './status/pod-status';
import type { StatusManager } from './status/status-manager';

/** What the kubelet needs of a probe manager (src/kubelet/probes' ProbeManager fits). */
export interface KubeletProbes {
  addPod(pod: Pod, podIp: string): void;
  updateContainer(
    uid: string,
    container: string,
    state: { containerId: string; startedAt?: string; running: boolean },
  ): void;
  removePod(uid: string): void;
  readiness(uid: string, container: string): boolean;
}

export interface PodSyncDeps {
  runtime: Runtime;
  clock: Clock;
  hostIp: string;
  events: EventRecorder;
  status: StatusManager;
  backoff: RestartBackoff;
  mirrors?: MirrorPods;
  probes?: KubeletProbes;
  /** The service variables for a pod starting now. */
  env(pod: Pod): Promise<EnvVar[]>;
  /** Asks for the pod to be synced again in `ms` (a back-off ends). */
  wakeIn(uid: string, ms: number): void;
}

export function podRef(pod: Pod, container?: string): ObjectReference {
  const m = pod.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    name: m.name,
    namespace: m.namespace ?? 'default',
    uid: m.uid,
    ...(container ? { fieldPath: `spec.containers{${container}}` } : {}),
  };
}

/** `web_default(uid)`, as Kubernetes names a pod in kubelet messages. */
export function podDesc(pod: Pod): string {
  const m = pod.metadata ?? {};
  return `${m.name}_${m.namespace ?? 'default'}(${m.uid})`;
}

export class PodSyncer {
  /** The end of each container's previous attempt, per pod UID: the status' lastState. */
  private readonly lastExit = new Map<string, Map<string, ContainerStateTerminated>>();

  constructor(private readonly deps: PodSyncDeps) {}

  forget(uid: string): void {
    this.lastExit.delete(uid);
    this.deps.backoff.forgetPrefix(`${uid}/`);
  }

  /** Deletes the mirror pod of a static pod that went away. */
  async removeMirror(pod: Pod): Promise<void> {
    await this.deps.mirrors?.remove(pod);
  }

  async sync(pod: Pod): Promise<void> {
    const { runtime, events } = this.deps;
    const uid = pod.metadata!.uid!;
    const before = await runtime.getPodStatus(uid);
    this.rememberExits(uid, before);
    const { hold, waiting } = this.backoff(pod, before);
    const extraEnv = await this.deps.env(pod);
    let after: PodRuntimeStatus | undefined;
    let failure: unknown;
    try {
      after = await runtime.syncPod(pod, { holdRestart: hold, extraEnv });
    } catch (err) {
      failure = err;
      after = await runtime.getPodStatus(uid);
    }
    this.recordChanges(pod, before, after);
    this.armUnplannedRestarts(uid, before, after);
    if (failure && !(failure instanceof ErrImagePull))
      events.record(podRef(pod), 'Warning', 'FailedSync', `error syncing pod: ${(failure as Error).message}`);
    this.updateProbes(pod, after);
    await this.writeStatus(pod, after, waiting);
    if (failure && !(failure instanceof ErrImagePull)) throw failure;
  }

  /** Containers that crashed and may restart by policy: held while their back-off lasts. */
  private backoff(pod: Pod, before: PodRuntimeStatus | undefined) {
    const uid = pod.metadata!.uid!;
    const hold = new Set<string>();
    const waiting = new Map<string, { reason: string; message: string }>();
    const wanted = new Set((pod.spec?.containers ?? []).map((c) => c.name));
    for (const c of before?.containers ?? []) {
      if (c.state !== 'exited' || !c.id || !wanted.has(c.name)) continue;
      if (!mayRestart(pod.spec?.restartPolicy, c.exitCode)) continue;
      const finished = c.finishedAt ? Date.parse(c.finishedAt) : this.deps.clock.now();
      const decision = this.deps.backoff.check(`${uid}/${c.name}`, finished);
      if (!decision.hold) continue;
      hold.add(c.name);
      const delay = formatDelay(decision.delayMs);
      waiting.set(c.name, {
        reason: 'CrashLoopBackOff',
        message: `back-off ${delay} restarting failed container=${c.name} pod=${podDesc(pod)}`,
      });
      this.deps.events.record(
        podRef(pod, c.name),
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${podDesc(pod)}`,
      );
      this.deps.wakeIn(uid, Math.max(1, decision.remainingMs));
    }
    return { hold, waiting };
  }

  /**
   * A container that crashed between our look and syncPod was restarted without a back-off decision: arm the
   * back-off now, so a crash loop still slows down.
   */
  private armUnplannedRestarts(uid: string, before?: PodRuntimeStatus, after?: PodRuntimeStatus): void {
    const was = new Map((before?.containers ?? []).map((c) => [c.name, c]));
    for (const c of after?.containers ?? []) {
      const prior = was.get(c.name);
      if (prior?.id && c.id !== prior.id && prior.state !== 'exited' && c.restartCount > prior.restartCount)
        this.deps.backoff.check(`${uid}/${c.name}`, this.deps.clock.now());
    }
  }

  private rememberExits(uid: string, status: PodRuntimeStatus | undefined): void {
    for (const c of status?.containers ?? []) {
      if (c.state !== 'exited' || !c.id) continue;
      let exits = this.lastExit.get(uid);
      if (!exits) this.lastExit.set(uid, (exits = new Map()));
      exits.set(c.name, terminatedState(c));
    }
  }

  /** Events for what this sync changed: new attempts (Pulled, Created, Started) and images missing. */
  private recordChanges(pod: Pod, before: PodRuntimeStatus | undefined, after: PodRuntimeStatus | undefined) {
    const events = this.deps.events;
    const was = new Map((before?.containers ?? []).map((c) => [c.name, c]));
    for (const c of after?.containers ?? []) {
      const prior = was.get(c.name);
      const ref = podRef(pod, c.name);
      if (c.id && c.id !== prior?.id) {
        events.record(ref, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
        events.record(ref, 'Normal', 'Created', `Created container ${c.name}`);
        if (c.state === 'running' || c.state === 'exited')
          events.record(ref, 'Normal', 'Started', `Started container ${c.name}`);
      } else if (c.state === 'waiting' && c.reason === 'ErrImagePull') {
        events.record(ref, 'Warning', 'Failed', c.message ?? `Failed to pull image "${c.image}"`);
        events.record(ref, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
      }
    }
  }

  private updateProbes(pod: Pod, after: PodRuntimeStatus | undefined): void {
    const probes = this.deps.probes;
    if (!probes || !after?.podIp) return;
    const uid = pod.metadata!.uid!;
    probes.addPod(pod, after.podIp);
    for (const c of after.containers)
      probes.updateContainer(uid, c.name, {
        containerId: c.id,
        ...(c.startedAt ? { startedAt: c.startedAt } : {}),
        running: c.state === 'running',
      });
  }

  private async writeStatus(
    pod: Pod,
    after: PodRuntimeStatus | undefined,
    waiting: ReadonlyMap<string, { reason: string; message: string }>,
  ): Promise<void> {
    const { status, mirrors, probes } = this.deps;
    const uid = pod.metadata!.uid!;
    const m = pod.metadata!;
    // lastState only for an attempt that is not the current one
    const current = new Map((after?.containers ?? []).map((c) => [c.name, containerId(c.id)]));
    const lastTerminated = new Map(
      [...(this.lastExit.get(uid) ?? [])].filter(([name, t]) => t.containerID !== current.get(name)),
    );
    const built = buildPodStatus(pod, after, {
      hostIp: this.deps.hostIp,
      now: this.deps.clock.now(),
      previous: status.lastStatus(uid) ?? pod.status,
      ready: (name) => (probes ? probes.readiness(uid, name) : true),
      waiting,
      lastTerminated,
    });
    const target = { namespace: m.namespace ?? 'default', name: m.name! };
    if (!isStaticPod(pod)) {
      await status.setStatus(uid, { ...target, uid }, built);
      return;
    }
    if (!mirrors) {
      await status.setStatus(uid, target, built); // no API: only remembered
      return;
    }
    await mirrors.ensure(pod);
    const mirrorUid = mirrors.mirrorUid(uid);
    if (mirrorUid) await status.setStatus(uid, { ...target, uid: mirrorUid }, built);
  }
}
