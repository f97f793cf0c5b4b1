// Owner references (metav1.OwnerReference) as controllers read and patch them: who controls an object,
// and the JSON merge patches that add or remove one reference. The patches carry metadata.uid so the
// server rejects them if the object was deleted and re-created under the same name in between (the
// precondition k8s' garbage collector and ControllerRefManager put in their patches).
import type { ObjectMeta, OwnerReference } from '../api/types';

export interface Owned {
  metadata?: ObjectMeta;
}

/** A JSON merge patch (RFC 7386) for the object's metadata, sent as PATCH with type `merge`. */
export interface OwnerRefsPatch {
  type: 'merge';
  patch: { metadata: { uid?: string; ownerReferences: OwnerReference[] | null } };
}

/** The reference with controller: true, if any (k8s GetControllerOf). */
export function controllerRefOf(obj: Owned): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** True when any of obj's owner references points at uid. */
export function hasOwner(obj: Owned, uid: string): boolean {
  return (obj.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
}

/** The patch that drops every reference to ownerUid and keeps the others (null when none remain). */
export function removeOwnerPatch(obj: Owned, ownerUid: string): OwnerRefsPatch {
  const rest = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ownerUid).map((r) => ({ ...r }));
  return {
    type: 'merge',
    patch: { metadata: { uid: obj.metadata?.uid, ownerReferences: rest.length ? rest : null } },
  };
}

/** The patch that appends ref (replacing any earlier reference with the same uid). */
export function addOwnerPatch(obj: Owned, ref: OwnerReference): OwnerRefsPatch {
  const rest = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ref.uid).map((r) => ({ ...r }));
  return {
    type: 'merge',
    patch: { metadata: { uid: obj.metadata?.uid, ownerReferences: [...rest, { ...ref }] } },
  };
}
