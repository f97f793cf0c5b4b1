// Update: one compare-and-swap attempt (writeUpdate) shared by PUT, PATCH and the subresources, which differ
// only in how the incoming object is reconciled with the stored one (`Prepare`). Identity and deletion
// fields always come from the stored object; metadata.generation counts spec changes; an update that
// changes nothing is not written; one that empties the finalizers of an object being deleted removes it.
// The strategy allocates what a write adds before it (undone if the write fails) and frees what it drops after.
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';
import { isStorageError, type KeyValue } from '../storage';
import { applyDefaults } from '../api/defaults';
import { decodeKeyValue, decodeStored, encodeForStore, sameContent } from './codec';
import { serverMeta, storageFailure, type StoreContext } from './context';
import type { RequestContext } from './rest';
import { asDecodable, checkCreate, checkUpdate } from './validate';

/** Reconciles the incoming object with the stored one. Mutates next. */
export type Prepare = (next: KubeObject, old: KubeObject) => void;

/** PUT/PATCH on the main resource: the status is the status subresource's business. */
export const mainPrepare =
  (c: StoreContext): Prepare =>
  (next, old) => {
    if (c.strategy.hasStatus) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    c.strategy.prepareForUpdate(next, old);
  };

/** PUT/PATCH on <resource>/status: only status changes; everything else stays as stored. */
export const statusPrepare: Prepare = (next, old) => {
  for (const k of new Set([...Object.keys(next), ...Object.keys(old)])) {
    if (k === 'status') continue;
    if (old[k] === undefined) delete next[k];
    else next[k] = structuredClone(old[k]);
  }
};

export interface WriteOptions {
  /**
   * The registry's own change of a field clients may not update (binding sets spec.nodeName): the result
   * must still be a valid object, but the update rules (immutable fields) do not apply.
   */
  trusted?: boolean;
}

export const nameMismatch = (bodyName: string, urlName: string) =>
  errors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${urlName})`);

function keepIdentity(next: KubeObject, old: KubeObject, resource: string): void {
  const meta = (next.metadata ??= {});
  const was = old.metadata!;
  if (meta.name && meta.name !== was.name) throw nameMismatch(meta.name, was.name!);
  if (meta.uid && meta.uid !== was.uid)
    throw errors.conflict(
      resource,
      was.name!,
      `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${was.uid}`,
    );
  for (const f of [
    'name',
    'namespace',
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation',
  ] as const) {
    if (was[f] === undefined) delete meta[f];
    else (meta as Record<string, unknown>)[f] = was[f];
  }
  delete meta.selfLink;
}

/**
 * Writes next in place of current, if current is still the stored revision. Throws StorageError 'Conflict'
 * when it is not (callers re-read and retry), StatusError 400/409/422 for a bad update.
 */
export async function writeUpdate(
  c: StoreContext,
  ctx: RequestContext,
  current: KeyValue,
  next: KubeObject,
  prepare: Prepare,
  options: WriteOptions = {},
): Promise<KubeObject> {
  const info = c.strategy.info;
  const old = decodeKeyValue(info, current);
  keepIdentity(next, old, info.resource);
  next.apiVersion = 'v1';
  next.kind = info.kind;
  // Defaults first, as Kubernetes defaults the decoded body before PrepareForUpdate: what prepare carries
  // over from the stored object must not be re-defaulted (an emptied finalizer list stays empty).
  asDecodable(info.kind, () => {
    applyDefaults(info.kind, next);
    prepare(next, old);
  });
  if (JSON.stringify(next.spec) !== JSON.stringify(old.spec) && old.metadata!.generation !== undefined)
    serverMeta(next).generation = old.metadata!.generation + 1;
  if (options.trusted) checkCreate(c.strategy, next);
  else checkUpdate(c.strategy, next, old);
  serverMeta(next).resourceVersion = old.metadata!.resourceVersion;
  const removeNow =
    !!next.metadata!.deletionTimestamp &&
    next.metadata!.deletionGracePeriodSeconds === 0 &&
    c.strategy.finalizers(next).length === 0;
  if (!removeNow && sameContent(next, old)) return old;
  const undo = removeNow ? undefined : await c.strategy.beforeUpdate(next, old, !!ctx.dryRun);
  if (ctx.dryRun) return next;
  let stored: KubeObject;
  try {
    if (removeNow) {
      const gone = await c.store.delete(current.key, current.modRevision);
      await c.strategy.afterDelete(old);
      return decodeStored(info, encodeForStore(next), gone.modRevision);
    }
    stored = decodeKeyValue(
      info,
      await c.store.update(current.key, encodeForStore(next), current.modRevision),
    );
  } catch (e) {
    // A lost race is retried from a fresh read, which allocates again: what this attempt took goes back.
    await undo?.().catch(() => undefined);
    if (isStorageError(e, 'Conflict') || isStorageError(e, 'NotFound')) throw e;
    throw storageFailure(e);
  }
  await c.strategy.afterUpdate(stored, old);
  return stored;
}
