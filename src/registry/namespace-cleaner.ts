// NamespaceCleaner: the registry's in-process namespace controller (until src/controllers/namespace takes it
// over through the API). For every namespace marked for deletion it deletes each namespaced object in it —
// pods at once, whatever their grace period — and, once nothing is left, removes the `kubernetes` finalizer,
// which removes the namespace. Objects held by finalizers keep the namespace Terminating; it retries later.
import type { KubeObject } from '../api/types';
import type { Clock, Logger } from '../util';
import type { GenericStore } from './generic-store';
import { NAMESPACE_FINALIZER } from './strategies/namespaces';
import { removeFinalizer } from './subresources/finalize';
import type { WatchHandle } from './rest';
import type { WatchCache } from './watch-cache';

export interface NamespaceCleanerOptions {
  namespaces: GenericStore;
  /** The stores of every namespaced resource. */
  contents: GenericStore[];
  cache: WatchCache;
  clock: Clock;
  log?: Logger;
  /** Wait before retrying a namespace whose content is not gone yet (default 5 s). */
  retryMs?: number;
}

export class NamespaceCleaner {
  private readonly pending = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private watch?: WatchHandle;
  private readonly timers = new Map<string, () => void>();
  private stopped = false;

  constructor(private readonly o: NamespaceCleanerOptions) {}

  start(): void {
    const terminating = (ns: KubeObject) => !!ns.metadata?.deletionTimestamp;
    this.watch = this.o.cache.watch({ filter: terminating }, (e) => {
      if (e.type === 'ADDED' || e.type === 'MODIFIED') this.enqueue(e.object.metadata!.name!);
    });
  }

  /** Resolves when no clean-up is running or queued (timers waiting to retry do not count). */
  async idle(): Promise<void> {
    while (this.pending.size) await this.running;
    await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    for (const cancel of this.timers.values()) cancel();
  }

  private enqueue(name: string): void {
    if (this.stopped || this.pending.has(name)) return;
    this.pending.add(name);
    this.running = this.running.then(async () => {
      this.pending.delete(name);
      if (this.stopped) return;
      const done = await this.clean(name).catch((err: unknown) => {
        this.o.log?.warn({ err, namespace: name }, 'namespace clean-up failed; will retry');
        return false;
      });
      if (!done && !this.stopped && !this.timers.has(name))
        this.timers.set(
          name,
          this.o.clock.setTimeout(
            () => (this.timers.delete(name), this.enqueue(name)),
            this.o.retryMs ?? 5000,
          ),
        );
    });
  }

  /** One pass; true when the namespace is gone (or was never there). */
  private async clean(name: string): Promise<boolean> {
    const ctx = { namespace: name };
    for (const store of this.o.contents) await store.deleteCollection(ctx, {}, { gracePeriodSeconds: 0 });
    let left = 0;
    for (const store of this.o.contents) left += (await store.list(ctx, {})).items.length;
    if (left) return false;
    const ns = await this.o.namespaces.get({}, name).catch(() => undefined);
    if (!ns?.metadata?.deletionTimestamp) return true;
    await removeFinalizer(this.o.namespaces, name, NAMESPACE_FINALIZER);
    return true;
  }
}
