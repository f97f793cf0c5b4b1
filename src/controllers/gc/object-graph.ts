// ObjectGraph: the garbage collector's view of owners and dependents, built from the informer caches of
// every monitored resource (k8s GraphBuilder, without its own graph: two indexes per cache do the job).
// `uid` finds an owner by the uid a reference names; `ownerUid` finds an owner's dependents.
import type { KubeObject, OwnerReference } from '../../api/types';
import type { Indexer } from '../../client';

export const UID_INDEX = 'uid';
export const OWNER_UID_INDEX = 'ownerUid';

export const gcIndexers = {
  [UID_INDEX]: (o: KubeObject) => (o.metadata?.uid ? [o.metadata.uid] : []),
  [OWNER_UID_INDEX]: (o: KubeObject) => (o.metadata?.ownerReferences ?? []).map((r) => r.uid),
};

/** An object and the resource it belongs to: what the collector queues and acts on. */
export interface Node {
  resource: string;
  obj: KubeObject;
}

/** Queue key: `<resource>|<namespace/name>` (or `<resource>|<name>` when cluster-scoped). */
export const nodeKey = (resource: string, obj: KubeObject): string => {
  const ns = obj.metadata?.namespace;
  return `${resource}|${ns ? `${ns}/` : ''}${obj.metadata?.name ?? ''}`;
};

export function splitNodeKey(key: string): { resource: string; cacheKey: string } {
  const i = key.indexOf('|');
  return { resource: key.slice(0, i), cacheKey: key.slice(i + 1) };
}

export class ObjectGraph {
  /** caches: resource → its informer's indexer, carrying gcIndexers. */
  constructor(readonly caches: ReadonlyMap<string, Indexer<KubeObject>>) {}

  get(key: string): Node | undefined {
    const { resource, cacheKey } = splitNodeKey(key);
    const obj = this.caches.get(resource)?.get(cacheKey);
    return obj && { resource, obj };
  }

  /** The cached object the reference names (same uid and kind), if any. */
  owner(ref: OwnerReference): Node | undefined {
    for (const [resource, cache] of this.caches) {
      const obj = cache.byIndex(UID_INDEX, ref.uid)[0];
      if (obj && (!obj.kind || obj.kind === ref.kind)) return { resource, obj };
    }
    return undefined;
  }

  /** Every cached object with a reference to uid. */
  dependents(uid: string): Node[] {
    const out: Node[] = [];
    for (const [resource, cache] of this.caches)
      for (const obj of cache.byIndex(OWNER_UID_INDEX, uid)) out.push({ resource, obj });
    return out;
  }
}
