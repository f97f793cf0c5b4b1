// ApiserverSource: the fifth source — pods the scheduler (or a user) bound to this node, read through an
// informer (list, then watch) and pushed to the mux as complete sets like every other source. It can own its
// informer (a list+watch of pods with fieldSelector spec.nodeName=<node>), or share one informer over many
// nodes' pods — hollow nodes: N kubelets in one process, one watch — and pick its node's pods out by an index.
// Mirror pods (the API's view of this node's static pods) are not pods to run: they are left out of the set,
// and offered to the kubelet through apiPod() so it can keep them in step without a request per sync.
import type { Pod } from '../../api/types';
import {
  SharedInformer,
  deletedObject,
  type DeletedFinalStateUnknown,
  type ListWatchClient,
} from '../../client';
import type { Clock, Logger } from '../../util';
import { CONFIG_MIRROR_ANNOTATION, CONFIG_SOURCE_ANNOTATION } from './static-pod';
import type { PodSource, SourceUpdate } from './types';

/** The index a shared pod informer must have (ensureNodeNameIndex adds it): pods by spec.nodeName. */
export const NODE_NAME_INDEX = 'spec.nodeName';

export function ensureNodeNameIndex(informer: SharedInformer<Pod>): void {
  try {
    informer.addIndexers({ [NODE_NAME_INDEX]: (pod) => [pod.spec?.nodeName ?? ''] });
  } catch {
    // already indexed by another node's source sharing this informer
  }
}

export type ApiserverSourceOptions = { nodeName: string } & (
  | { client: ListWatchClient; clock?: Clock; log?: Logger; informer?: undefined }
  /** A shared informer over pods of many nodes; started and stopped by its owner, not by this source. */
  | { informer: SharedInformer<Pod>; client?: undefined }
);

export class ApiserverSource implements PodSource {
  readonly name = 'api';
  private readonly informer: SharedInformer<Pod>;
  private readonly owned: boolean;
  private emit: ((update: SourceUpdate) => void) | undefined;
  private removeHandler: (() => void) | undefined;
  private pending = false;

  constructor(private readonly options: ApiserverSourceOptions) {
    if (options.informer) {
      this.informer = options.informer;
      this.owned = false;
    } else {
      const target = { resource: 'pods', fieldSelector: `spec.nodeName=${options.nodeName}` };
      this.informer = new SharedInformer<Pod>(options.client, target, {
        clock: options.clock,
        log: options.log,
      });
      this.owned = true;
    }
    ensureNodeNameIndex(this.informer);
  }

  start(emit: (update: SourceUpdate) => void): void {
    this.emit = emit;
    const changed = (...pods: Pod[]) => {
      if (pods.some((p) => p.spec?.nodeName === this.options.nodeName)) this.schedule();
    };
    this.removeHandler = this.informer.addEventHandler({
      onAdd: (pod) => changed(pod),
      onUpdate: (old, pod) => changed(old, pod),
      onDelete: (pod: Pod | DeletedFinalStateUnknown<Pod>) => changed(deletedObject(pod)),
    });
    if (this.owned) this.informer.start();
    void this.informer.whenSynced().then(() => this.schedule());
  }

  stop(): Promise<void> {
    this.emit = undefined;
    this.removeHandler?.();
    this.removeHandler = undefined;
    if (this.owned) this.informer.stop();
    return Promise.resolve();
  }

  hasSynced(): boolean {
    return this.informer.hasSynced();
  }

  /** The pod the API holds under this name (a mirror pod, a regular one, or none), from the cache. */
  apiPod(namespace: string, name: string): Pod | undefined {
    return this.informer.indexer.get(`${namespace}/${name}`);
  }

  /** This node's pods to run, now. */
  pods(): Pod[] {
    return this.informer.indexer
      .byIndex(NODE_NAME_INDEX, this.options.nodeName)
      .filter((pod) => pod.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === undefined)
      .map((pod) => ({
        ...pod,
        metadata: {
          ...pod.metadata,
          annotations: { ...pod.metadata?.annotations, [CONFIG_SOURCE_ANNOTATION]: 'api' },
        },
      }));
  }

  /** One update per burst of changes: a relist of a thousand pods emits once, not a thousand times. */
  private schedule(): void {
    if (this.pending || !this.informer.hasSynced()) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.emit?.({ source: this.name, pods: this.pods(), errors: [] });
    });
  }
}
