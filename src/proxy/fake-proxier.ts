// FakeProxier: a Proxier that records what it was asked to serve and fails on demand, for tests of the
// watch loop and of anything that drives a proxier.
import type { Endpoints, Service } from '../api/types';
import type { Proxier, SyncOptions } from './proxier';

export interface RecordedSync {
  /** "namespace/name" of each service, as handed over. */
  services: string[];
  endpoints: string[];
  /** Present (true) only for a forced periodic resync. */
  resync?: true;
}

const names = (objs: readonly { metadata?: { namespace?: string; name?: string } }[]) =>
  objs.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`).sort();

export class FakeProxier implements Proxier {
  readonly syncs: RecordedSync[] = [];
  cleanups = 0;
  /** How many of the next syncs reject (each failure is still recorded). */
  failNext = 0;

  async sync(
    services: readonly Service[],
    endpoints: readonly Endpoints[],
    options?: SyncOptions,
  ): Promise<void> {
    this.syncs.push({
      services: names(services),
      endpoints: names(endpoints),
      ...(options?.resync ? { resync: true as const } : {}),
    });
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('iptables-restore: permission denied (you must be root)');
    }
  }

  async cleanup(): Promise<void> {
    this.cleanups++;
  }
}
