// PodConfigMux: merges the sources' snapshots into the one set of pods this node should run, and tells one
// listener what changed — Kubernetes' PodConfig. Each source's latest update replaces its previous one
// (SET semantics); the merged set is recomputed from all of them every time, so it never drifts.
//
// Pods are identified by UID: a static pod whose manifest changed has a new UID, so it shows up as one pod
// removed and one added (the kubelet replaces it); a pod that keeps its UID but changes is `updated`.
// A full name (`<namespace>/<name>`) may be held by one pod only. A duplicate — within a source, or across
// sources — is ignored and reported: the pod that holds the name keeps it, and a new name goes to the source
// added first (within a source, to the first pod). Errors are reported once when they appear, not at every
// poll that restates them; one that clears and comes back is reported again.
import { StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import { canonicalJSON, podFullName } from './static-pod';
import type { PodSource, SourceError, SourceUpdate } from './types';

export interface PodConfigDiff {
  added: Pod[];
  updated: Pod[];
  removed: Pod[];
  /** The whole merged set after this change. */
  all: Pod[];
  /** Errors that appeared with this change (manifests that could not be read, duplicate names). */
  errors: SourceError[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const podKey = (pod: Pod) => pod.metadata?.uid || podFullName(pod);
const errorKey = (e: SourceError) => `${e.source}\n${e.origin}\n${e.error.message}`;

function duplicate(source: string, name: string, holder: string): SourceError {
  const where = holder === source ? `an earlier pod of source "${source}"` : `source "${holder}"`;
  const message = `duplicate pod name "${name}": it is already used by ${where}; ignoring this one from source "${source}"`;
  return {
    source,
    origin: name,
    error: new StatusError(409, 'AlreadyExists', message, { name, kind: 'pods' }),
  };
}

export class PodConfigMux {
  /** Sources in the order they were added: the earlier wins a new name. */
  private readonly order: string[] = [];
  private readonly snapshots = new Map<string, readonly Pod[]>();
  private readonly sourceErrors = new Map<string, SourceError[]>();
  private readonly complete = new Set<string>();
  private readonly sources: PodSource[] = [];
  private merged = new Map<string, { pod: Pod; source: string }>();
  private reported = new Set<string>();

  /** The listener is called after each update that changes the merged set or brings new errors. */
  constructor(private readonly listener: (diff: PodConfigDiff) => void) {}

  /** Adds a source and starts it; its updates flow into the merge. The apiserver source is added the same way. */
  addSource(source: PodSource): void {
    this.expect(source.name);
    this.sources.push(source);
    source.start((update) => this.apply(update));
  }

  /** Declares a source whose updates will arrive through apply(), so sourcesReady() waits for it. */
  expect(source: string): void {
    if (!this.order.includes(source)) this.order.push(source);
  }

  /** True once every source has delivered a complete update: only then may the kubelet kill unknown pods. */
  sourcesReady(): boolean {
    return this.order.every((s) => this.complete.has(s));
  }

  /** The merged set, in source order. The pods are frozen: copy one before changing it. */
  pods(): Pod[] {
    return [...this.merged.values()].map((e) => e.pod);
  }

  /** Stops every source added with addSource. */
  async stop(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.stop()));
  }

  /** Takes a source's complete current set (replacing its previous one) and notifies the listener. */
  apply(update: SourceUpdate): void {
    this.expect(update.source);
    this.snapshots.set(update.source, this.snapshot(update.source, update.pods));
    this.sourceErrors.set(update.source, update.errors);
    if (!update.incomplete) this.complete.add(update.source);

    const { next, duplicates } = this.merge();
    const diff = this.diff(this.merged, next);
    this.merged = next;
    const errors = this.newErrors([...[...this.sourceErrors.values()].flat(), ...duplicates]);
    if (diff.added.length || diff.updated.length || diff.removed.length || errors.length)
      this.listener({ ...diff, all: this.pods(), errors });
  }

  /**
   * The source's pods as frozen copies. A pod from the apiserver whose resourceVersion is unchanged keeps its
   * previous copy: on a node with many pods one status change must not re-copy and re-compare all of them.
   */
  private snapshot(source: string, pods: readonly Pod[]): Pod[] {
    const before = new Map<string, Pod>();
    for (const p of this.snapshots.get(source) ?? [])
      if (p.metadata?.resourceVersion) before.set(podKey(p), p);
    return pods.map((pod) => {
      const rv = pod.metadata?.resourceVersion;
      const kept = rv ? before.get(podKey(pod)) : undefined;
      return kept && kept.metadata?.resourceVersion === rv ? kept : deepFreeze(structuredClone(pod));
    });
  }

  private merge(): { next: Map<string, { pod: Pod; source: string }>; duplicates: SourceError[] } {
    const duplicates: SourceError[] = [];
    // Each source's pods by full name; a repeated name within one source loses to its first pod.
    const bySource = new Map<string, Map<string, Pod>>();
    for (const source of this.order) {
      const named = new Map<string, Pod>();
      for (const pod of this.snapshots.get(source) ?? []) {
        const name = podFullName(pod);
        if (named.has(name)) duplicates.push(duplicate(source, name, source));
        else named.set(name, pod);
      }
      bySource.set(source, named);
    }
    const next = new Map<string, { pod: Pod; source: string }>();
    for (const source of this.order) {
      for (const [name, pod] of bySource.get(source)!) {
        const holder = this.merged.get(name)?.source;
        const keeps = holder !== undefined && holder !== source && bySource.get(holder)!.has(name);
        const taken = keeps ? holder : next.get(name)?.source;
        if (taken !== undefined) duplicates.push(duplicate(source, name, taken));
        else next.set(name, { pod, source });
      }
    }
    return { next, duplicates }; // inserted source by source, so `all` is in source order
  }

  private diff(
    before: Map<string, { pod: Pod }>,
    after: Map<string, { pod: Pod }>,
  ): Pick<PodConfigDiff, 'added' | 'updated' | 'removed'> {
    const old = new Map([...before.values()].map((e) => [podKey(e.pod), e.pod]));
    const now = new Map([...after.values()].map((e) => [podKey(e.pod), e.pod]));
    const added: Pod[] = [];
    const updated: Pod[] = [];
    for (const [key, pod] of now) {
      const prev = old.get(key);
      if (!prev) added.push(pod);
      else if (prev !== pod && canonicalJSON(prev) !== canonicalJSON(pod)) updated.push(pod);
    }
    const removed = [...old].filter(([key]) => !now.has(key)).map(([, pod]) => pod);
    return { added, updated, removed };
  }

  /** The errors not already reported while they persisted; remembers the current set for next time. */
  private newErrors(current: SourceError[]): SourceError[] {
    const fresh = new Map<string, SourceError>();
    for (const e of current) if (!this.reported.has(errorKey(e))) fresh.set(errorKey(e), e);
    this.reported = new Set(current.map(errorKey));
    return [...fresh.values()];
  }
}
