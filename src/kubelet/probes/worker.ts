// ProbeWorker: one per (pod, container, probe kind). It waits initialDelaySeconds after the container started,
// then runs the probe every periodSeconds (never two at once), and turns runs into a cached result the way the
// kubelet's worker does: the result changes only after successThreshold consecutive successes or
// failureThreshold consecutive failures. Readiness starts false, liveness true. A liveness result that turns
// false holds (no more runs) until the container restarts — a new container id or start time — which resets all.
import type { Clock } from '../../util';
import type { ProbeTarget } from './probe';
import { probeTiming, unhealthyMessage, type Probe, type ProbeKind, type ProbeOutcome } from './probe-types';

/** What the kubelet knows about a container's current attempt. */
export interface ContainerState {
  /** Empty while the container does not exist yet. */
  containerId: string;
  /** RFC 3339, when this attempt started. */
  startedAt?: string;
  running: boolean;
}

export interface ProbeWorkerOptions {
  clock: Clock;
  kind: ProbeKind;
  probe: Probe;
  target: ProbeTarget;
  /** Runs the probe once (runProbe with its dependencies bound). A rejection counts as an errored run. */
  run(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome>;
  /** Every failed run, worded as the kubelet's Unhealthy event: `Liveness probe failed: …`. */
  onUnhealthy?(message: string): void;
  /** The cached result changed; message is the last run's Unhealthy message when value is false. */
  onChange?(value: boolean, message: string): void;
  /** Every finished run, before thresholds are applied (for metrics and logs). */
  onRun?(outcome: ProbeOutcome): void;
}

export class ProbeWorker {
  private value: boolean;
  private attempt = '';
  private running = false;
  private lastRun: ProbeOutcome['result'] | undefined;
  private streak = 0;
  private onHold = false;
  /** Bumped whenever a pending timer or in-flight run must be forgotten. */
  private generation = 0;
  private cancelTimer: (() => void) | undefined;
  private busy = false;
  private stopped = false;
  private readonly timing: ReturnType<typeof probeTiming>;

  constructor(private readonly opts: ProbeWorkerOptions) {
    this.timing = probeTiming(opts.probe);
    this.value = this.initial();
  }

  /** The cached result: ready (readiness) or alive (liveness). */
  get result(): boolean {
    return this.value;
  }

  /** Moves the pod IP (a recreated sandbox); the next run uses it. */
  setPodIp(podIp: string): void {
    this.opts.target = { ...this.opts.target, podIp };
  }

  /** Tells the worker about the container's current attempt; starts, pauses or resets probing. */
  update(state: ContainerState): void {
    if (this.stopped) return;
    const attempt = `${state.containerId}@${state.startedAt ?? ''}`;
    if (attempt !== this.attempt) {
      this.attempt = attempt;
      this.forget();
      this.lastRun = undefined;
      this.streak = 0;
      this.onHold = false;
      this.set(this.initial(), '');
    }
    this.running = state.running && state.containerId !== '';
    if (!this.running) {
      this.forget();
      // A container that is not running is not ready; liveness has nothing to say about it.
      if (this.opts.kind === 'readiness') this.set(false, '');
      return;
    }
    if (!this.cancelTimer && !this.busy && !this.onHold) {
      const started = state.startedAt ? Date.parse(state.startedAt) : NaN;
      const startMs = Number.isNaN(started) ? this.opts.clock.now() : started;
      this.schedule(startMs + this.timing.initialDelayMs - this.opts.clock.now());
    }
  }

  stop(): void {
    this.stopped = true;
    this.forget();
  }

  private initial(): boolean {
    return this.opts.kind === 'liveness';
  }

  private forget(): void {
    this.generation++;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.busy = false;
  }

  private schedule(delayMs: number): void {
    const generation = this.generation;
    this.cancelTimer = this.opts.clock.setTimeout(
      () => {
        this.cancelTimer = undefined;
        if (generation === this.generation) void this.tick();
      },
      Math.max(0, delayMs),
    );
  }

  private async tick(): Promise<void> {
    const generation = this.generation;
    const startedAt = this.opts.clock.now();
    this.busy = true;
    const outcome = await this.opts
      .run(this.opts.probe, this.opts.target)
      .catch((err: unknown): ProbeOutcome => ({ result: 'failure', message: String(err), errored: true }));
    if (generation !== this.generation) return; // the container restarted or stopped meanwhile
    this.busy = false;
    this.opts.onRun?.(outcome);
    this.record(outcome);
    if (!this.onHold) this.schedule(startedAt + this.timing.periodMs - this.opts.clock.now());
  }

  private record(outcome: ProbeOutcome): void {
    const message = outcome.result === 'failure' ? unhealthyMessage(this.opts.kind, outcome) : '';
    if (message) this.opts.onUnhealthy?.(message);
    if (this.lastRun === outcome.result) this.streak++;
    else [this.lastRun, this.streak] = [outcome.result, 1];
    const { successThreshold, failureThreshold } = this.timing;
    if (outcome.result === 'success' && this.streak < successThreshold) return;
    if (outcome.result === 'failure' && this.streak < failureThreshold) return;
    this.set(outcome.result === 'success', message);
    if (this.opts.kind === 'liveness' && outcome.result === 'failure') {
      // The kubelet kills the container now; probing resumes with the next attempt.
      this.onHold = true;
      this.streak = 0;
    }
  }

  private set(value: boolean, message: string): void {
    if (value === this.value) return;
    this.value = value;
    this.opts.onChange?.(value, message);
  }
}
