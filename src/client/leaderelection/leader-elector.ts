// LeaderElector (client-go leaderelection.LeaderElector). run(signal) tries to acquire the lock every
// retry period; once it holds it, onStartedLeading(leading) runs and the elector renews every retry
// period. A renewal round that cannot succeed within the renew deadline (apiserver unreachable, lock
// taken) ends the leadership: `leading` aborts, onStoppedLeading runs and run() resolves, as client-go's
// Run returns — the caller decides whether to stand again. A candidate treats the lock as held while the
// record it last saw changed less than a lease duration ago on its own clock (client-go's observedTime).
import { isAlreadyExists, isConflict } from '../../api/errors';
import { rfc3339, type Clock, type Logger } from '../../util';
import type { LockState, ResourceLock } from './endpoints-lock';
import type { LeaderElectionRecord } from './leader-record';

export const LEASE_DURATION_MS = 15_000;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;

export interface LeaderCallbacks {
  /** Runs when this candidate becomes leader; `leading` aborts when it stops being leader. */
  onStartedLeading(leading: AbortSignal): void | Promise<void>;
  /** Runs once after leadership ends (lost, or run's signal aborted). Not called if it never led. */
  onStoppedLeading(): void;
  /** Runs when a different holder is observed (including this candidate). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: ResourceLock;
  /** Unique per candidate process, e.g. `<hostname>_<random>`. */
  identity: string;
  clock: Clock;
  callbacks: LeaderCallbacks;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** On a clean stop, write an empty holder so another candidate takes over at once. */
  releaseOnCancel?: boolean;
  log?: Logger;
}

export class LeaderElector {
  private observed: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedAt = 0;
  private reportedLeader = '';
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;

  constructor(private readonly config: LeaderElectionConfig) {
    this.leaseMs = config.leaseDurationMs ?? LEASE_DURATION_MS;
    this.renewMs = config.renewDeadlineMs ?? RENEW_DEADLINE_MS;
    this.retryMs = config.retryPeriodMs ?? RETRY_PERIOD_MS;
    if (!(this.leaseMs > this.renewMs && this.renewMs > this.retryMs && this.retryMs > 0))
      throw new Error('leader election needs leaseDuration > renewDeadline > retryPeriod > 0');
  }

  /** The holder last observed ("" when none). */
  leader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  isLeader(): boolean {
    return this.leader() === this.config.identity;
  }

  /** Competes until signal aborts, or until leadership, once won, is lost. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    const leading = new AbortController();
    const stop = () => leading.abort();
    signal.addEventListener('abort', stop, { once: true });
    Promise.resolve()
      .then(() => this.config.callbacks.onStartedLeading(leading.signal))
      .catch((e: unknown) => this.config.log?.error({ err: String(e) }, 'onStartedLeading failed'));
    try {
      await this.renew(signal);
    } finally {
      signal.removeEventListener('abort', stop);
      leading.abort();
      if (signal.aborted && this.config.releaseOnCancel) await this.release();
      this.config.callbacks.onStoppedLeading();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.config.log?.info({ lock: this.config.lock.describe() }, 'attempting to acquire leader lease');
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) {
        this.config.log?.info({ lock: this.config.lock.describe() }, 'successfully acquired lease');
        return true;
      }
      await sleep(this.config.clock, this.retryMs, signal);
    }
    return false;
  }

  /** Resolves when a renewal round fails (leadership lost) or signal aborts. */
  private async renew(signal: AbortSignal): Promise<void> {
    const { clock } = this.config;
    for (;;) {
      await sleep(clock, this.retryMs, signal);
      if (signal.aborted) return;
      const deadline = clock.now() + this.renewMs;
      let renewed = false;
      while (!renewed && !signal.aborted) {
        renewed = await withDeadline(clock, this.tryAcquireOrRenew(), deadline - clock.now());
        if (renewed || clock.now() + this.retryMs >= deadline) break;
        await sleep(clock, this.retryMs, signal);
      }
      if (signal.aborted) return;
      if (!renewed) {
        this.config.log?.warn(
          { lock: this.config.lock.describe() },
          'failed to renew lease; leadership lost',
        );
        return;
      }
    }
  }

  /** One round: take or keep the lock if allowed. False on any failure (it is retried next period). */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { lock, identity, clock } = this.config;
    const now = clock.now();
    const desired = (prev?: LeaderElectionRecord): LeaderElectionRecord => {
      const mine = prev?.holderIdentity === identity;
      return {
        holderIdentity: identity,
        leaseDurationSeconds: Math.round(this.leaseMs / 1000),
        acquireTime: mine && prev ? prev.acquireTime : rfc3339(now),
        renewTime: rfc3339(now),
        leaderTransitions: !prev ? 0 : mine ? prev.leaderTransitions : prev.leaderTransitions + 1,
      };
    };
    let state: LockState | undefined;
    try {
      state = await lock.get();
      if (!state) {
        const record = desired();
        await lock.create(record);
        this.observe(record, clock.now());
        return true;
      }
    } catch (e) {
      if (!isAlreadyExists(e)) this.config.log?.warn({ err: String(e) }, 'error retrieving lock');
      return false;
    }
    const current = state.record;
    if (current) this.observe(current, now);
    const heldByOther = !!current?.holderIdentity && current.holderIdentity !== identity;
    if (heldByOther && this.observedAt + this.leaseMs > now) return false;
    const record = desired(current);
    try {
      await lock.update(state, record);
    } catch (e) {
      if (!isConflict(e)) this.config.log?.warn({ err: String(e) }, 'error updating lock');
      return false;
    }
    this.observe(record, clock.now());
    return true;
  }

  /** Notes when the record last changed, on our clock: the lease runs from there. */
  private observe(record: LeaderElectionRecord, now: number): void {
    const raw = JSON.stringify(record);
    if (raw !== this.observedRaw) {
      this.observed = record;
      this.observedRaw = raw;
      this.observedAt = now;
    }
    if (record.holderIdentity !== this.reportedLeader) {
      this.reportedLeader = record.holderIdentity;
      if (record.holderIdentity) this.config.callbacks.onNewLeader?.(record.holderIdentity);
    }
  }

  /** Gives the lock up on a clean stop: an empty holder and a 1 s lease, as client-go does. */
  private async release(): Promise<void> {
    const { lock, identity, clock } = this.config;
    try {
      const state = await lock.get();
      if (!state?.record || state.record.holderIdentity !== identity) return;
      const now = rfc3339(clock.now());
      await lock.update(state, {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
        leaderTransitions: state.record.leaderTransitions,
      });
    } catch (e) {
      this.config.log?.warn({ err: String(e) }, 'failed to release lease');
    }
  }
}

/** Waits ms on clock; resolves early (not rejects) when signal aborts. */
function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      cancel();
      resolve();
    };
    const cancel = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** attempt's answer, or false if it has not answered within ms (a hung apiserver must not hold us). */
function withDeadline(clock: Clock, attempt: Promise<boolean>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = clock.setTimeout(() => resolve(false), Math.max(0, ms));
    void attempt.then((ok) => {
      cancel();
      resolve(ok);
    });
  });
}
