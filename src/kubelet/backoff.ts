// RestartBackoff: the kubelet's crash-loop back-off per container (Kubernetes' flowcontrol.Backoff as used by
// doBackOff). The first restart after a crash is immediate and arms 10 s; each further crash within the window
// must wait out the current delay, measured from when the container finished, and doubles it up to 5 min. An
// entry untouched for twice the cap (10 min of running without a crash) is forgotten, so the next crash starts
// again at 10 s. Keys are stable per pod and container (`<uid>/<container>`).
import type { Clock } from '../util';

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

interface Entry {
  delayMs: number;
  /** When the crash that armed this delay happened (ms). */
  since: number;
}

export type BackoffDecision =
  | { hold: false }
  /** `delayMs` is the current delay; `remainingMs` how long until the restart may happen. */
  | { hold: true; delayMs: number; remainingMs: number };

export class RestartBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = BACKOFF_INITIAL_MS,
    private readonly maxMs = BACKOFF_MAX_MS,
  ) {}

  /**
   * Whether the container that finished at `finishedAt` (ms) may be restarted now. When it may, the next delay
   * is armed at once (the caller is about to restart it), so a repeated call for the same crash holds.
   */
  check(key: string, finishedAt: number): BackoffDecision {
    const now = this.clock.now();
    let entry = this.entries.get(key);
    // It ran for longer than twice the cap since the crash that armed the delay: start over.
    if (entry && finishedAt - entry.since > 2 * this.maxMs) entry = undefined;
    if (entry && now - finishedAt < entry.delayMs)
      return { hold: true, delayMs: entry.delayMs, remainingMs: entry.delayMs - (now - finishedAt) };
    const delayMs = entry ? Math.min(this.maxMs, entry.delayMs * 2) : this.initialMs;
    this.entries.set(key, { delayMs, since: finishedAt });
    return { hold: false };
  }

  /** Forgets every key that starts with `prefix` (a pod that went away). */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** `10s`, `5m0s` (`500ms` below a second), as Go's time.Duration prints the delays in CrashLoopBackOff messages. */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
