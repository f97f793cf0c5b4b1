// WatcherIndex: a watch cache's live watchers, grouped so an event is offered only to the watchers it may
// concern. A watcher is filed under the one namespace it watches, or under the one value of the resource's
// indexed field its field selector pins (pods: spec.nodeName — every kubelet watches its own node's pods,
// and the scheduler the unassigned ones with `spec.nodeName=`), or under "everything". With thousands of
// kubelets, an event no longer costs thousands of filter calls. A namespace cannot change on update, so the
// new and old object agree on it; an indexed field can (a pod is bound), so an event goes to the watchers of
// both its old and its new value: the old node's watcher sees the pod leave, the new one's sees it arrive.
import type { KubeObject, Pod } from '../api/types';

/** The field a resource's watchers are indexed by, and how to read it from an object ("" when unset). */
export interface IndexedField {
  field: string;
  valueOf(obj: KubeObject): string;
}

const INDEXED_FIELDS: Record<string, IndexedField> = {
  pods: { field: 'spec.nodeName', valueOf: (obj) => (obj as Pod).spec?.nodeName ?? '' },
};

export const indexedFieldOf = (resource: string): IndexedField | undefined => INDEXED_FIELDS[resource];

/** Where a watcher is filed: an indexed field value wins over a namespace; neither = everything. */
export interface WatcherScope {
  /** undefined or "": every namespace (and cluster-scoped objects). */
  namespace?: string;
  /** The one value of the indexed field the watcher admits ("" is a value: unset). */
  fieldValue?: string;
}

export class WatcherIndex<W> {
  private readonly everywhere = new Set<W>();
  private readonly byNamespace = new Map<string, Set<W>>();
  private readonly byField = new Map<string, Set<W>>();

  add(watcher: W, scope: WatcherScope = {}): void {
    if (scope.fieldValue !== undefined) return addTo(this.byField, scope.fieldValue, watcher);
    if (scope.namespace) return addTo(this.byNamespace, scope.namespace, watcher);
    this.everywhere.add(watcher);
  }

  delete(watcher: W, scope: WatcherScope = {}): void {
    if (scope.fieldValue !== undefined) return deleteFrom(this.byField, scope.fieldValue, watcher);
    if (scope.namespace) return deleteFrom(this.byNamespace, scope.namespace, watcher);
    this.everywhere.delete(watcher);
  }

  /**
   * Calls fn once for every watcher an object in `namespace` may concern, whose indexed field is (or was)
   * one of fieldValues. A watcher removed during the walk (it stopped) is not visited after its removal.
   */
  forEach(
    namespace: string | undefined,
    fieldValues: readonly (string | undefined)[],
    fn: (w: W) => void,
  ): void {
    if (namespace) {
      const set = this.byNamespace.get(namespace);
      if (set) for (const w of set) fn(w);
    }
    for (const w of this.everywhere) fn(w);
    const [a, b] = fieldValues;
    if (a !== undefined) this.byField.get(a)?.forEach((w) => fn(w));
    if (b !== undefined && b !== a) this.byField.get(b)?.forEach((w) => fn(w));
  }
}

function addTo<W>(map: Map<string, Set<W>>, key: string, watcher: W): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(watcher);
}

function deleteFrom<W>(map: Map<string, Set<W>>, key: string, watcher: W): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(watcher);
  if (set.size === 0) map.delete(key);
}
