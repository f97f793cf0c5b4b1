// OwnerSelectors: selectorsFor(pod) for schedulePod's spreading — the selectors of the services and
// replication controllers in the pod's namespace that select it (kube-scheduler's GetPodServices and
// GetPodControllers), read from their informers' caches. Answers are memoised so that pods with the same
// owners share one array (the core compiles and caches per array identity); any change to a service or
// controller drops the memo, because it may change who owns whom.
import type { Pod, ReplicationController, Service } from '../api/types';
import { NAMESPACE_INDEX, type Indexer } from '../client';
import { selectorFromSet, type Selector } from '../labels';

interface Owner {
  id: string;
  selector: Selector;
}

const NONE: readonly Selector[] = Object.freeze([]);
const MAX_MEMO = 10_000;

export class OwnerSelectors {
  /** namespace + pod labels → the selectors that match them. */
  private readonly byLabels = new Map<string, readonly Selector[]>();
  /** owner ids → the shared array, so different label sets with the same owners share it too. */
  private readonly byOwners = new Map<string, readonly Selector[]>();
  /** Parsed selectors per cached object (informer objects are replaced, never changed, on update). */
  private readonly parsed = new WeakMap<object, Owner | null>();

  constructor(
    private readonly services: Indexer<Service>,
    private readonly rcs: Indexer<ReplicationController>,
  ) {}

  /** Call on every service or replication controller add, update and delete. */
  invalidate(): void {
    this.byLabels.clear();
    this.byOwners.clear();
  }

  readonly selectorsFor = (pod: Pod): readonly Selector[] => {
    const namespace = pod.metadata?.namespace ?? 'default';
    const labels = pod.metadata?.labels;
    if (!labels) return NONE;
    const memoKey = `${namespace}\0${JSON.stringify(labels)}`;
    let selectors = this.byLabels.get(memoKey);
    if (selectors) return selectors;
    selectors = this.match(namespace, labels);
    // Pods with unique labels would grow the memo without bound; starting over costs one match each.
    if (this.byLabels.size >= MAX_MEMO) this.byLabels.clear();
    this.byLabels.set(memoKey, selectors);
    return selectors;
  };

  private match(namespace: string, labels: Record<string, string>): readonly Selector[] {
    const owners: Owner[] = [];
    const consider = (kind: string, objects: (Service | ReplicationController)[]) => {
      for (const obj of objects) {
        const owner = this.ownerOf(kind, obj);
        if (owner?.selector.matches(labels)) owners.push(owner);
      }
    };
    consider('Service', this.services.byIndex(NAMESPACE_INDEX, namespace));
    consider('ReplicationController', this.rcs.byIndex(NAMESPACE_INDEX, namespace));
    if (owners.length === 0) return NONE;
    const id = owners.map((o) => o.id).join('\n');
    let selectors = this.byOwners.get(id);
    if (!selectors) this.byOwners.set(id, (selectors = Object.freeze(owners.map((o) => o.selector))));
    return selectors;
  }

  /** A service without a selector (endpoints managed by hand) selects no pods. */
  private ownerOf(kind: string, obj: Service | ReplicationController): Owner | null {
    let owner = this.parsed.get(obj);
    if (owner !== undefined) return owner;
    const set = obj.spec?.selector;
    owner =
      set && Object.keys(set).length > 0
        ? {
            id: `${kind}/${obj.metadata?.name}`,
            selector: selectorFromSet(set),
          }
        : null;
    this.parsed.set(obj, owner);
    return owner;
  }
}
