// SharedInformerFactory: one informer per (resource, namespace, selectors) per process, however many
// controllers ask for it, so the apiserver sees one list+watch per resource rather than one per consumer.
import type { KubeObject } from '../../api/types';
import type { ListWatchClient } from './reflector';
import { SharedInformer, type SharedInformerOptions } from './shared-informer';
import { waitForCacheSync } from './wait-for-cache-sync';
import type { ApiObject } from '../interface';

export interface InformerFilter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;

  /** `defaults` (clock, back-off, resyncMs, log) apply to every informer the factory makes. */
  constructor(
    private readonly client: ListWatchClient,
    private readonly defaults: Omit<SharedInformerOptions<KubeObject>, 'indexers'> = {},
  ) {}

  /** The shared informer for resource; made on first request, started now if the factory already was. */
  informerFor<T extends ApiObject = KubeObject>(
    resource: string,
    filter: InformerFilter = {},
  ): SharedInformer<T> {
    const id = JSON.stringify([
      resource,
      filter.namespace ?? '',
      filter.labelSelector ?? '',
      filter.fieldSelector ?? '',
    ]);
    let informer = this.informers.get(id);
    if (!informer) {
      informer = new SharedInformer(this.client, { resource, ...filter }, this.defaults);
      this.informers.set(id, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Starts every informer requested so far (and later ones as they are requested). */
  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  stop(): void {
    this.started = false;
    for (const i of this.informers.values()) i.stop();
  }

  waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    return waitForCacheSync([...this.informers.values()], signal);
  }
}
