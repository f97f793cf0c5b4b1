// GenericStore: the one ResourceStorage every kind uses (STYLE.md rule 5); the kind's Strategy supplies
// what differs. The operations live in create.ts, update.ts, delete.ts and list.ts; watches are served by
// the resource's WatchCache. Subresources reuse updateWith/patchWith with their own Prepare.
import { errors, isNotFound } from '../api/errors';
import { applyPatch, type PatchType } from '../api/patch';
import type { ResourceInfo } from '../api/resources';
import type { DeleteOptions, KubeList, KubeObject } from '../api/types';
import type { KeyValue } from '../storage';
import { decodeBody, decodeKeyValue, rememberEncoding, withResourceVersion } from './codec';
import { keyOf, nameOf, storageFailure, type StoreContext } from './context';
import { createObject, NAMESPACE_MISMATCH } from './create';
import { deleteObject } from './delete';
import { makeFilter } from './filter';
import { listObjects } from './list';
import type {
  ListOptions,
  RequestContext,
  ResourceStorage,
  WatchEventOut,
  WatchHandle,
  WatchOptions,
} from './rest';
import { mainPrepare, nameMismatch, writeUpdate, type Prepare, type WriteOptions } from './update';
import { checkResourceVersion, notFound, retryWrites } from './write-loop';

export class GenericStore implements ResourceStorage {
  readonly info: ResourceInfo;
  private readonly prepareMain: Prepare;

  constructor(readonly c: StoreContext) {
    this.info = c.strategy.info;
    this.prepareMain = mainPrepare(c);
  }

  async get(ctx: RequestContext, name: string): Promise<KubeObject> {
    const kv = await this.read(ctx, name);
    const json = withResourceVersion(kv.value, this.info.kind, kv.modRevision);
    return rememberEncoding(decodeKeyValue(this.info, kv), json);
  }

  /** A GET's answer straight from the stored bytes, rather than parsed only to be encoded again. */
  async getJson(ctx: RequestContext, name: string): Promise<string> {
    const kv = await this.read(ctx, name);
    return (
      withResourceVersion(kv.value, this.info.kind, kv.modRevision) ??
      JSON.stringify(decodeKeyValue(this.info, kv))
    );
  }

  private async read(ctx: RequestContext, name: string): Promise<KeyValue> {
    const kv = await this.c.store
      .get(keyOf(this.c, ctx, name))
      .catch((e) => Promise.reject(storageFailure(e)));
    if (!kv) throw notFound(this.c, name);
    return kv;
  }

  list(ctx: RequestContext, options: ListOptions): Promise<KubeList> {
    return listObjects(this.c, ctx, options);
  }

  create(ctx: RequestContext, body: unknown): Promise<KubeObject> {
    return createObject(this.c, ctx, body);
  }

  update(
    ctx: RequestContext,
    name: string,
    body: unknown,
  ): Promise<{ object: KubeObject; created: boolean }> {
    return this.updateWith(ctx, name, body, this.prepareMain, this.c.strategy.allowCreateOnUpdate);
  }

  /** PUT with the given reconciliation; creates a missing object only when allowCreate. */
  async updateWith(
    ctx: RequestContext,
    name: string,
    body: unknown,
    prepare: Prepare,
    allowCreate = false,
  ): Promise<{ object: KubeObject; created: boolean }> {
    const obj = decodeBody(this.info, body);
    const meta = obj.metadata!;
    if (meta.name && meta.name !== name) throw nameMismatch(meta.name, name);
    if (this.info.namespaced && meta.namespace && ctx.namespace && meta.namespace !== ctx.namespace)
      throw errors.badRequest(NAMESPACE_MISMATCH);
    meta.name = name;
    let created = false;
    const object = await retryWrites(this.c, ctx, name, async (current) => {
      if (!current) {
        if (!allowCreate) throw notFound(this.c, name);
        created = true;
        return createObject(this.c, ctx, obj);
      }
      checkResourceVersion(this.c, name, meta.resourceVersion, current);
      return writeUpdate(this.c, ctx, current, structuredClone(obj), prepare);
    });
    return { object, created };
  }

  patch(
    ctx: RequestContext,
    name: string,
    type: PatchType,
    patch: unknown,
  ): Promise<{ object: KubeObject; created: boolean }> {
    return this.patchWith(ctx, name, type, patch, this.prepareMain);
  }

  /** PATCH: applies the patch to the stored object and updates it, retrying when the object changed meanwhile. */
  async patchWith(
    ctx: RequestContext,
    name: string,
    type: PatchType,
    patch: unknown,
    prepare: Prepare,
  ): Promise<{ object: KubeObject; created: boolean }> {
    let created = false;
    const object = await retryWrites(this.c, ctx, name, async (current) => {
      if (!current) {
        if (type !== 'apply') throw notFound(this.c, name);
        created = true;
        const body = decodeBody(this.info, patch);
        body.metadata!.name ??= name;
        if (body.metadata!.name !== name) throw nameMismatch(body.metadata!.name, name);
        return createObject(this.c, ctx, body);
      }
      const old = decodeKeyValue(this.info, current);
      const next = decodeBody(this.info, applyPatch(type, old, patch, this.info.kind));
      checkResourceVersion(this.c, name, next.metadata!.resourceVersion, current);
      return writeUpdate(this.c, ctx, current, next, prepare);
    });
    return { object, created };
  }

  /** Read-modify-write of the stored object by fn (binding, finalize); retried on races. */
  mutate(
    ctx: RequestContext,
    name: string,
    fn: (obj: KubeObject) => KubeObject,
    prepare: Prepare,
    options?: WriteOptions,
  ): Promise<KubeObject> {
    return retryWrites(this.c, ctx, name, async (current) => {
      if (!current) throw notFound(this.c, name);
      return writeUpdate(this.c, ctx, current, fn(decodeKeyValue(this.info, current)), prepare, options);
    });
  }

  delete(
    ctx: RequestContext,
    name: string,
    options: DeleteOptions,
  ): Promise<{ object: KubeObject; deleted: boolean }> {
    return deleteObject(this.c, ctx, name, options);
  }

  /** Deletes every matching object (each as a single delete would) and lists what was deleted or marked. */
  async deleteCollection(ctx: RequestContext, list: ListOptions, options: DeleteOptions): Promise<KubeList> {
    const found = await this.list(ctx, { ...list, limit: undefined, continue: undefined });
    const items: KubeObject[] = [];
    for (const item of found.items) {
      const itemCtx = { ...ctx, namespace: item.metadata?.namespace };
      try {
        items.push((await this.delete(itemCtx, nameOf(item), options)).object);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return { ...found, items };
  }

  async watch(
    ctx: RequestContext,
    options: WatchOptions,
    send: (event: WatchEventOut) => void,
  ): Promise<WatchHandle> {
    const filter = makeFilter(this.info, { namespace: ctx.namespace, ...options });
    const rv = options.resourceVersion;
    let after: number | undefined;
    if (rv && rv !== '0') {
      after = Number(rv);
      if (!/^[0-9]+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
    }
    const namespace = ctx.namespace;
    const { fieldSelector, allowWatchBookmarks: bookmarks } = options;
    return this.c.cache.watch({ filter, namespace, fieldSelector, after, bookmarks }, send);
  }
}
