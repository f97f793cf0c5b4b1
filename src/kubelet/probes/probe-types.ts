// The shapes shared by the prober, its workers and its manager.
import type { Container } from '../../api/types';

/** A core/v1 Probe (the api layer re-exports Container, not Probe itself). */
export type Probe = NonNullable<Container['livenessProbe']>;

export type ProbeKind = 'liveness' | 'readiness';

/** What one run of a probe found. */
export interface ProbeOutcome {
  result: 'success' | 'failure';
  /**
   * The prober's output without the kind prefix: `HTTP probe failed with statuscode: 500`, the exec command's
   * output, `dial tcp 10.244.0.5:8080: connect: connection refused`.
   */
  message: string;
  /** The probe could not be run at all (e.g. a named port the container does not declare). Counts as a failure. */
  errored?: boolean;
}

/** `Liveness probe failed: …` / `Readiness probe errored: …`: the message of the kubelet's Unhealthy event. */
export function unhealthyMessage(kind: ProbeKind, outcome: ProbeOutcome): string {
  const Kind = kind === 'liveness' ? 'Liveness' : 'Readiness';
  return `${Kind} probe ${outcome.errored ? 'errored' : 'failed'}: ${outcome.message}`;
}

/** Kubernetes' defaults for the probe fields, in milliseconds where they are times. */
export function probeTiming(probe: Probe) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds || 10) * 1000,
    timeoutMs: (probe.timeoutSeconds || 1) * 1000,
    successThreshold: probe.successThreshold || 1,
    failureThreshold: probe.failureThreshold || 3,
  };
}
