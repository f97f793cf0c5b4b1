// GarbageCollector: the garbage collector's loop (STYLE.md rule 6, k8s garbagecollector). One queue of
// object keys over the caches of every monitored resource. sync(key) does two level-triggered checks:
//  - as an owner being deleted with a recorded policy (the `orphan` / `foregroundDeletion` finalizer the
//    apiserver adds on DELETE): Orphan cuts the dependents loose, Foreground deletes them and waits for
//    those that block owner deletion; then the finalizer is removed and the apiserver removes the owner;
//  - as a dependent: an owner reference whose object is gone — absent from the cache AND confirmed by a
//    live GET, so a lagging informer never costs a pod — is dangling. All references dangling → the
//    dependent is deleted (Background); some → only the dangling ones are removed.
// Background deletion of an owner needs nothing more: the owner goes at once, its dependents' references
// dangle, and they follow.
import { isConflict, isNotFound } from '../../api/errors';
import { resourceForKind } from '../../api/resources';
import type { KubeObject, OwnerReference } from '../../api/types';
import type { ClientInterface } from '../../client';
import type { Logger } from '../../util';
import {
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  dependentsToDelete,
  orphanPatch,
  propagationPolicyOf,
} from './dependents';
import type { Node, ObjectGraph } from './object-graph';

export interface GarbageCollectorDeps {
  client: ClientInterface;
  graph: ObjectGraph;
  log?: Logger;
}

type OwnerState = 'solid' | 'deleting' | 'dangling';

/** NotFound (already gone) and Conflict (a uid precondition: it is another object now) end the matter. */
const settled = (e: unknown) => {
  if (!isNotFound(e) && !isConflict(e)) throw e;
};

const ns = (n: Node) => n.obj.metadata?.namespace;
const nameOf = (n: Node) => n.obj.metadata!.name!;

export class GarbageCollector {
  constructor(readonly deps: GarbageCollectorDeps) {}

  async sync(key: string): Promise<void> {
    const node = this.deps.graph.get(key);
    if (!node) return;
    const meta = node.obj.metadata ?? {};
    const finalizers = meta.finalizers ?? [];
    if (
      meta.deletionTimestamp &&
      (finalizers.includes(FINALIZER_ORPHAN) || finalizers.includes(FINALIZER_FOREGROUND))
    )
      await this.processDeletingOwner(node);
    if (!meta.deletionTimestamp && meta.ownerReferences?.length) await this.processDependent(node);
  }

  private async processDeletingOwner(owner: Node): Promise<void> {
    const { client, graph } = this.deps;
    const uid = owner.obj.metadata!.uid!;
    const policy = propagationPolicyOf(owner.obj);
    const dependents = graph.dependents(uid);
    const live = new Set<string>();
    for (const d of dependents)
      for (const ref of d.obj.metadata?.ownerReferences ?? [])
        if (ref.uid !== uid && (await this.ownerState(d, ref)) === 'solid') live.add(ref.uid);
    const resourceOf = new Map(dependents.map((d) => [d.obj, d.resource]));
    const decided = dependentsToDelete(
      uid,
      dependents.map((d) => d.obj),
      policy,
      live,
    );
    const nodes = (objs: KubeObject[]) => objs.map((obj): Node => ({ resource: resourceOf.get(obj)!, obj }));
    const plan = { ...decided, orphan: nodes(decided.orphan), delete: nodes(decided.delete) };
    for (const d of plan.orphan) {
      const { type, patch } = orphanPatch(d.obj, uid);
      await client.patch(d.resource, ns(d), nameOf(d), type, patch).catch(settled);
    }
    for (const d of plan.delete) {
      await client
        .delete(d.resource, ns(d), nameOf(d), {
          propagationPolicy: plan.propagationPolicy,
          preconditions: { uid: d.obj.metadata?.uid },
        })
        .catch(settled);
    }
    // Foreground: the owner waits; the deletions of its dependents bring it back to the queue.
    if (!plan.ownerMayGo) return;
    const finalizer = policy === 'Orphan' ? FINALIZER_ORPHAN : FINALIZER_FOREGROUND;
    const rest = (owner.obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
    // Conditional on the version we decided from: a 409 retries the whole decision.
    await client
      .patch(owner.resource, ns(owner), nameOf(owner), 'merge', {
        metadata: {
          resourceVersion: owner.obj.metadata?.resourceVersion,
          finalizers: rest.length ? rest : null,
        },
      })
      .catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
  }

  private async processDependent(dep: Node): Promise<void> {
    const cachedRefs = dep.obj.metadata?.ownerReferences ?? [];
    const states = await Promise.all(cachedRefs.map((r) => this.ownerState(dep, r)));
    const gone = new Set(cachedRefs.filter((_, i) => states[i] === 'dangling').map((r) => r.uid));
    if (gone.size === 0) return;
    // Decide on the live object: the cache may still show references the collector itself just cut
    // (an orphaned dependent must not be deleted because its owner's removal was seen first).
    const { client } = this.deps;
    let latest: KubeObject;
    try {
      latest = await client.get<KubeObject>(dep.resource, ns(dep), nameOf(dep));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const meta = latest.metadata ?? {};
    if (meta.uid !== dep.obj.metadata?.uid || meta.deletionTimestamp) return;
    const refs = meta.ownerReferences ?? [];
    const dangling = refs.filter((r) => gone.has(r.uid));
    if (dangling.length === 0) return;
    if (dangling.length === refs.length) {
      this.deps.log?.info(
        { object: `${dep.resource}/${nameOf(dep)}` },
        'deleting dependent: its owners are gone',
      );
      await client
        .delete(dep.resource, ns(dep), nameOf(dep), {
          propagationPolicy: 'Background',
          preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion },
        })
        .catch(settled);
      return;
    }
    const rest = refs.filter((r) => !gone.has(r.uid)).map((r) => ({ ...r }));
    await client
      .patch(dep.resource, ns(dep), nameOf(dep), 'merge', {
        metadata: { uid: meta.uid, resourceVersion: meta.resourceVersion, ownerReferences: rest },
      })
      .catch(settled);
  }

  /** Whether the owner a reference names exists: cache first, then a live GET before calling it gone. */
  private async ownerState(dep: Node, ref: OwnerReference): Promise<OwnerState> {
    const cached = this.deps.graph.owner(ref);
    if (cached) return stateOf(cached.obj);
    const info = resourceForKind(ref.kind);
    // A kind this API does not serve cannot be judged: leave the reference alone.
    if (!info) return 'solid';
    try {
      const live = await this.deps.client.get<KubeObject>(
        info.resource,
        info.namespaced ? ns(dep) : undefined,
        ref.name,
      );
      return live.metadata?.uid === ref.uid ? stateOf(live) : 'dangling';
    } catch (e) {
      if (isNotFound(e)) return 'dangling';
      throw e;
    }
  }
}

const stateOf = (owner: KubeObject): OwnerState => (owner.metadata?.deletionTimestamp ? 'deleting' : 'solid');
