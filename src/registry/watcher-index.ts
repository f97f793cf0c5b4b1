// WatcherIndex: a watch cache's live watchers, grouped by the namespace they watch, so an event is offered
// only to the watchers of its own namespace and to those watching every namespace. With a thousand watchers
// spread over namespaces (or many watching one while writes land elsewhere), an event no longer costs a
// thousand filter calls. A namespace cannot change on update, so the new and old object agree on it.

export class WatcherIndex<W> {
  private readonly everywhere = new Set<W>();
  private readonly byNamespace = new Map<string, Set<W>>();

  /** namespace undefined or "": the watcher sees every namespace (and cluster-scoped objects). */
  add(watcher: W, namespace?: string): void {
    if (!namespace) return void this.everywhere.add(watcher);
    let set = this.byNamespace.get(namespace);
    if (!set) this.byNamespace.set(namespace, (set = new Set()));
    set.add(watcher);
  }

  delete(watcher: W, namespace?: string): void {
    if (!namespace) return void this.everywhere.delete(watcher);
    const set = this.byNamespace.get(namespace);
    if (!set) return;
    set.delete(watcher);
    if (set.size === 0) this.byNamespace.delete(namespace);
  }

  /**
   * Calls fn for every watcher an object in `namespace` may concern. A watcher removed during the walk
   * (it stopped) is not visited after its removal.
   */
  forEach(namespace: string | undefined, fn: (watcher: W) => void): void {
    if (namespace) {
      const set = this.byNamespace.get(namespace);
      if (set) for (const w of set) fn(w);
    }
    for (const w of this.everywhere) fn(w);
  }
}
