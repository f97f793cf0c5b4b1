// Cache keys, as client-go's MetaNamespaceKeyFunc: "namespace/name" for namespaced objects, "name" for
// cluster-scoped ones. Controllers queue keys, never objects, and read the object back from the cache.
import type { KubeObject } from '../../api/types';
import type { ApiObject } from '../interface';

export type KeyFunc = (obj: ApiObject) => string;

export const metaNamespaceKey: KeyFunc = (obj) => {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
};

/** The inverse of metaNamespaceKey. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * What onDelete receives when the informer learned of a deletion only by relisting (the watch missed the
 * DELETED event): the last state it had cached. Handlers must accept it as well as the object itself.
 */
export class DeletedFinalStateUnknown<T extends ApiObject = KubeObject> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** The object inside a delete notification, whichever of the two forms it came in. */
export function deletedObject<T extends ApiObject>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

/** Freezes obj and everything reachable from it: cached objects are shared, so nobody may change them. */
export function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj);
    // for-in over own keys, not Object.values: no array per object (every informer object passes here).
    const o = obj as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (v && typeof v === 'object') deepFreeze(v);
    }
  }
  return obj;
}
