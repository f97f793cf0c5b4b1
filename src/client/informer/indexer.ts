// Indexer: the informer's cache (client-go's ThreadSafeStore + Indexer). Objects by key, plus named indexes
// that answer "which objects have index value v" without a scan (e.g. pods by spec.nodeName). Objects
// enter frozen: what a lister hands out is shared by every reader, so "never mutate cached objects" is
// enforced, not hoped for. Copy (structuredClone) before changing and sending an update.
import type { KubeObject } from '../../api/types';
import { type KeyFunc, deepFreeze, metaNamespaceKey } from './keys';
import type { ApiObject } from '../interface';

export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const namespaceIndexFunc = (obj: ApiObject): string[] => [obj.metadata?.namespace ?? ''];

export class Indexer<T extends ApiObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    indexers: Record<string, IndexFunc<T>> = {},
    readonly keyFunc: KeyFunc = metaNamespaceKey,
  ) {
    this.addIndexers(indexers);
  }

  /** Adds indexes, building them over what is already cached. Re-defining an index is an error. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexFuncs.has(name)) throw new Error(`indexer "${name}" already exists`);
      this.indexFuncs.set(name, fn);
      this.indices.set(name, new Map());
      for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
    }
  }

  /** Inserts or replaces obj (frozen); answers the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    deepFreeze(obj);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) this.indexOne(name, fn, key, obj);
    return old;
  }

  /** Removes key; answers what was cached. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index `name` yields `value`. Throws for an index that was never defined (a typo). */
  byIndex(name: string, value: string): T[] {
    return this.indexKeys(name, value).map((k) => this.items.get(k)!);
  }

  indexKeys(name: string, value: string): string[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index "${name}" does not exist`);
    return [...(index.get(value) ?? [])];
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const index = this.indices.get(name)!;
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
