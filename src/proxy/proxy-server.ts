// ProxyServer: the proxy's watch loop. Informers on services and endpoints; any change (re)arms a short
// debounce timer, then the proxier gets the complete current state (level-triggered: it never sees events).
// A failed sync is retried with exponential back-off; changes arriving meanwhile ride along with the retry.
// Every sync period after the last successful sync, the proxier is also asked for a forced resync (the same
// state, `resync: true`), so routes, rules or listeners someone else removed come back without any change in
// the API. After each successful sync one log line is written per service-port rule that changed — none when a
// sync (a resync, a retry, an annotation edit) changed no rule.
import type { Endpoints, Service } from '../api/types';
import type { SharedInformer, SharedInformerFactory } from '../client';
import { Backoff, type Clock, type Logger } from '../util';
import type { ProxyMetrics } from './metrics';
import type { Proxier } from './proxier';
import { describeChange, ruleChanges } from './rule-changes';
import { type ServicePortInfo, servicePorts } from './service-ports';

export interface ProxyServerOptions {
  factory: SharedInformerFactory;
  proxier: Proxier;
  clock: Clock;
  log: Logger;
  metrics?: ProxyMetrics;
  /** Quiet time after a change before syncing, so a burst of changes costs one sync. Default 100 ms. */
  debounceMs?: number;
  /** Retry delays after a failed sync: doubling from base to max. Default 500 ms to 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Forced resync this long after the last successful sync (kube-proxy's --sync-period). Default 30 s; 0: never. */
  syncPeriodMs?: number;
  /** A change not synced within this long makes healthz fail. Default 60 s. */
  healthTimeoutMs?: number;
}

export interface ProxyHealth {
  healthy: boolean;
  /** Wall-clock ms of the last successful sync; undefined before the first. */
  lastSyncMs?: number;
  /** Why unhealthy, for the healthz body. */
  reason?: string;
}

const SYNC_KEY = 'sync';

export class ProxyServer {
  private readonly services: SharedInformer<Service>;
  private readonly endpoints: SharedInformer<Endpoints>;
  private readonly backoff: Backoff;
  private readonly debounceMs: number;
  private applied: ServicePortInfo[] = [];
  private cachesSynced = false;
  private cancelTimer: (() => void) | undefined;
  private cancelResync: (() => void) | undefined;
  /** Set by the resync timer; the next sync is forced, and so are its retries until one succeeds. */
  private resyncDue = false;
  private syncing: Promise<void> | undefined;
  /** Bumped on every change; a sync that started at seq n covers the changes up to n. */
  private changeSeq = 0;
  private syncedSeq = -1;
  private pendingSinceMs: number | undefined;
  private lastSyncMs: number | undefined;
  private stopped = false;

  constructor(private readonly o: ProxyServerOptions) {
    this.services = o.factory.informerFor<Service>('services');
    this.endpoints = o.factory.informerFor<Endpoints>('endpoints');
    this.backoff = new Backoff(o.retryBaseMs ?? 500, o.retryMaxMs ?? 30_000);
    this.debounceMs = o.debounceMs ?? 100;
    const onChange = () => this.changed();
    for (const informer of [this.services, this.endpoints] as SharedInformer<Service | Endpoints>[])
      informer.addEventHandler({ onAdd: onChange, onUpdate: onChange, onDelete: onChange });
  }

  /** Watches and syncs until signal aborts; then waits for a sync in flight. Does not clean the proxier up. */
  async run(signal: AbortSignal): Promise<void> {
    this.o.factory.start();
    try {
      if (!(await this.o.factory.waitForCacheSync(signal))) return;
      this.cachesSynced = true;
      this.changed();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    } finally {
      this.stopped = true;
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.cancelResync?.();
      await this.syncing;
      this.o.factory.stop();
    }
  }

  /** Healthy once a sync succeeded and no change has waited longer than the health timeout since. */
  health(): ProxyHealth {
    const now = this.o.clock.now();
    const timeout = this.o.healthTimeoutMs ?? 60_000;
    if (this.lastSyncMs === undefined) return { healthy: false, reason: 'no successful sync yet' };
    if (this.pendingSinceMs !== undefined && now - this.pendingSinceMs > timeout)
      return {
        healthy: false,
        lastSyncMs: this.lastSyncMs,
        reason: `changes waiting for ${Math.round((now - this.pendingSinceMs) / 1000)} s to be synced`,
      };
    return { healthy: true, lastSyncMs: this.lastSyncMs };
  }

  private changed(): void {
    this.changeSeq++;
    if (!this.cachesSynced || this.stopped) return;
    this.pendingSinceMs ??= this.o.clock.now();
    this.arm(this.debounceMs);
  }

  /** At most one timer: a retry already armed (back-off) is not cut short by new changes. */
  private arm(ms: number): void {
    if (this.cancelTimer || this.stopped) return;
    this.cancelTimer = this.o.clock.setTimeout(() => {
      this.cancelTimer = undefined;
      if (this.syncing) return; // the sync in flight re-arms when it ends
      this.syncing = this.syncOnce().finally(() => {
        this.syncing = undefined;
        const behind = this.syncedSeq < this.changeSeq || this.resyncDue;
        if (behind && this.backoff.failuresOf(SYNC_KEY) === 0) this.arm(this.debounceMs);
      });
    }, ms);
  }

  /** (Re)starts the resync countdown from now. */
  private armResync(): void {
    const period = this.o.syncPeriodMs ?? 30_000;
    this.cancelResync?.();
    this.cancelResync = undefined;
    if (period <= 0 || this.stopped) return;
    this.cancelResync = this.o.clock.setTimeout(() => {
      this.cancelResync = undefined;
      this.resyncDue = true;
      this.arm(0); // a sync already armed or in flight takes the resync along
    }, period);
  }

  private async syncOnce(): Promise<void> {
    const seq = this.changeSeq;
    const resync = this.resyncDue;
    const services = this.services.indexer.list();
    const endpoints = this.endpoints.indexer.list();
    const started = this.o.clock.now();
    const m = this.o.metrics;
    try {
      await this.o.proxier.sync(services, endpoints, resync ? { resync } : undefined);
    } catch (err) {
      m?.syncs.inc({ result: 'error' });
      const delay = this.backoff.next(SYNC_KEY);
      this.o.log.error(
        { err: (err as Error).message, retryInMs: delay },
        'sync of proxy rules failed; retrying',
      );
      this.arm(delay);
      return;
    }
    const now = this.o.clock.now();
    m?.syncs.inc({ result: 'ok' });
    m?.syncSeconds.observe((now - started) / 1000);
    this.backoff.forget(SYNC_KEY);
    if (resync) this.resyncDue = false;
    this.armResync();
    this.lastSyncMs = now;
    this.syncedSeq = seq;
    // Changes that came during the sync are at most as old as its start.
    this.pendingSinceMs = seq === this.changeSeq ? undefined : started;
    const ports = servicePorts(services, endpoints);
    for (const c of ruleChanges(this.applied, ports)) {
      const { msg, fields } = describeChange(c);
      this.o.log.info(fields, msg);
    }
    this.applied = ports;
    m?.servicePorts.set(ports.length);
  }
}
