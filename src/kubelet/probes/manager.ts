// ProbeManager: the kubelet's one handle on probing. It keeps a worker per (pod, container, probe kind), starts
// and stops them with the container lifecycle the kubelet reports, answers readiness for the pod's Ready
// condition, and calls back when readiness flips, when liveness fails (the kubelet kills and restarts the
// container with an Unhealthy event) and on every failed run (the Unhealthy events themselves).
import type { Pod } from '../../api/types';
import type { Clock } from '../../util';
import { runProbe, type ProbeDeps } from './probe';
import type { ProbeKind, ProbeOutcome } from './probe-types';
import { ProbeWorker, type ContainerState } from './worker';

export interface ProbeManagerOptions {
  clock: Clock;
  /** What runProbe needs: exec into containers, and (optionally faked) HTTP and TCP. Its clock defaults to clock. */
  runner: ProbeDeps;
  /** Every finished run, before thresholds apply (metrics, debug logs). */
  onResult?(uid: string, container: string, kind: ProbeKind, outcome: ProbeOutcome): void;
}

export type LivenessFailureListener = (uid: string, container: string, message: string) => void;
export type ReadinessListener = (uid: string, container: string, ready: boolean) => void;
export type UnhealthyListener = (uid: string, container: string, kind: ProbeKind, message: string) => void;

interface ContainerEntry {
  running: boolean;
  /** The readiness last announced, so a flip is announced once whichever path caused it. */
  announced: boolean;
  workers: Partial<Record<ProbeKind, ProbeWorker>>;
}

export class ProbeManager {
  private readonly pods = new Map<string, Map<string, ContainerEntry>>();
  private readonly livenessListeners = new Set<LivenessFailureListener>();
  private readonly readinessListeners = new Set<ReadinessListener>();
  private readonly unhealthyListeners = new Set<UnhealthyListener>();

  constructor(private readonly opts: ProbeManagerOptions) {}

  /** Creates the pod's workers; they wait for updateContainer. Again for a known pod only moves its IP. */
  addPod(pod: Pod, podIp: string): void {
    const uid = pod.metadata?.uid ?? '';
    const known = this.pods.get(uid);
    if (known) {
      for (const c of known.values()) for (const w of Object.values(c.workers)) w.setPodIp(podIp);
      return;
    }
    const containers = new Map<string, ContainerEntry>();
    this.pods.set(uid, containers);
    for (const spec of pod.spec?.containers ?? []) {
      const entry: ContainerEntry = { running: false, announced: false, workers: {} };
      containers.set(spec.name, entry);
      const target = { podIp, uid, container: spec.name, ports: spec.ports };
      const probes = { liveness: spec.livenessProbe, readiness: spec.readinessProbe };
      for (const kind of ['liveness', 'readiness'] as const) {
        const probe = probes[kind];
        if (!probe) continue;
        entry.workers[kind] = new ProbeWorker({
          clock: this.opts.clock,
          kind,
          probe,
          target,
          run: (p, t) =>
            runProbe(p, t, { ...this.opts.runner, clock: this.opts.runner.clock ?? this.opts.clock }),
          onRun: (outcome) => this.opts.onResult?.(uid, spec.name, kind, outcome),
          onUnhealthy: (message) => this.unhealthyListeners.forEach((l) => l(uid, spec.name, kind, message)),
          onChange: (value, message) => {
            if (kind === 'readiness') this.announce(uid, spec.name);
            else if (!value) this.livenessListeners.forEach((l) => l(uid, spec.name, message));
          },
        });
      }
    }
  }

  /** Reports a container's current attempt: probing starts when it runs, pauses when it stops, resets on restart. */
  updateContainer(uid: string, container: string, state: ContainerState): void {
    const entry = this.pods.get(uid)?.get(container);
    if (!entry) return;
    entry.running = state.running;
    for (const w of Object.values(entry.workers)) w.update(state);
    this.announce(uid, container);
  }

  removePod(uid: string): void {
    for (const c of this.pods.get(uid)?.values() ?? []) for (const w of Object.values(c.workers)) w.stop();
    this.pods.delete(uid);
  }

  /** Whether the container counts as ready: running, and its readiness probe (if any) has succeeded. */
  readiness(uid: string, container: string): boolean {
    const entry = this.pods.get(uid)?.get(container);
    if (!entry?.running) return false;
    return entry.workers.readiness?.result ?? true;
  }

  /** Called once each time a container's liveness probe reaches its failure threshold. Returns an unsubscribe. */
  onLivenessFailure(listener: LivenessFailureListener): () => void {
    return subscribe(this.livenessListeners, listener);
  }

  /** Called when readiness(uid, container) changes, so the kubelet can update the pod's status at once. */
  onReadinessChange(listener: ReadinessListener): () => void {
    return subscribe(this.readinessListeners, listener);
  }

  /** Called on every failed probe run with the Unhealthy event's message (`Readiness probe failed: …`). */
  onUnhealthy(listener: UnhealthyListener): () => void {
    return subscribe(this.unhealthyListeners, listener);
  }

  /** Stops every worker; nothing is called back afterwards. */
  stop(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }

  private announce(uid: string, container: string): void {
    const entry = this.pods.get(uid)?.get(container);
    if (!entry) return;
    const ready = this.readiness(uid, container);
    if (ready === entry.announced) return;
    entry.announced = ready;
    this.readinessListeners.forEach((l) => l(uid, container, ready));
  }
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
