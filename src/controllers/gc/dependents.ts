// The garbage collector's decision for one owner being deleted (k8s garbagecollector attemptToDelete /
// orphanDependents), for replication controllers and their pods. The apiserver records the propagation
// policy of a DELETE as a finalizer on the owner: `orphan` (kubectl --cascade=orphan) → the dependents
// lose their reference to it and live on; `foregroundDeletion` → the dependents go first and the owner
// waits for those with blockOwnerDeletion; neither (Background, kubectl's default) → the owner goes at
// once and its dependents follow. A dependent that still has another live owner is never deleted; it
// only loses the reference to the dead one.
import type { Owned } from '../owner-refs';
import { hasOwner, removeOwnerPatch, type OwnerRefsPatch } from '../owner-refs';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';
export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export interface GcPlan<T> {
  /** Dependents to DELETE (with `propagationPolicy` for their own dependents). */
  delete: T[];
  /** Dependents to PATCH with orphanPatch: they stay, without the reference to the owner. */
  orphan: T[];
  propagationPolicy: 'Background' | 'Foreground';
  /**
   * Whether the owner's finalizer (orphan / foregroundDeletion) may be removed now. For Foreground, only
   * when no dependent that blocks owner deletion remains.
   */
  ownerMayGo: boolean;
}

/** The policy the apiserver recorded on an owner being deleted. */
export function propagationPolicyOf(owner: Owned): PropagationPolicy {
  const f = owner.metadata?.finalizers ?? [];
  if (f.includes(FINALIZER_ORPHAN)) return 'Orphan';
  if (f.includes(FINALIZER_FOREGROUND)) return 'Foreground';
  return 'Background';
}

/**
 * objects: candidates (e.g. the owner's namespace's pods). liveOwnerUids: uids of owners that exist and
 * are not being deleted, to spot dependents with another owner (default: none).
 */
export function dependentsToDelete<T extends Owned>(
  ownerUid: string,
  objects: readonly T[],
  policy: PropagationPolicy,
  liveOwnerUids: ReadonlySet<string> = new Set(),
): GcPlan<T> {
  const plan: GcPlan<T> = {
    delete: [],
    orphan: [],
    propagationPolicy: policy === 'Foreground' ? 'Foreground' : 'Background',
    ownerMayGo: true,
  };
  for (const obj of objects) {
    if (!hasOwner(obj, ownerUid)) continue;
    const otherLive = (obj.metadata?.ownerReferences ?? []).some(
      (r) => r.uid !== ownerUid && liveOwnerUids.has(r.uid),
    );
    if (policy === 'Orphan' || otherLive) {
      plan.orphan.push(obj);
      continue;
    }
    if (policy === 'Foreground' && blocks(obj, ownerUid)) plan.ownerMayGo = false;
    if (!obj.metadata?.deletionTimestamp) plan.delete.push(obj);
  }
  return plan;
}

const blocks = (obj: Owned, ownerUid: string) =>
  (obj.metadata?.ownerReferences ?? []).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);

/** The patch that removes ownerUid from the object's owner references (the rest are kept). */
export const orphanPatch = (obj: Owned, ownerUid: string): OwnerRefsPatch => removeOwnerPatch(obj, ownerUid);
