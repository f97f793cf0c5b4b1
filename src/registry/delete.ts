// Delete: preconditions, then either mark the object (graceful pods get deletionTimestamp = now + grace;
// objects with finalizers get deletionTimestamp = now, grace 0) and return it with deleted=false, or remove
// it at once and return its last state with deleted=true. A marked object goes when a later delete has
// grace 0 and no finalizers remain, or when an update empties its finalizers (update.ts).
// The propagation policy is recorded as Kubernetes records it, for the garbage collector to act on:
// Orphan → the `orphan` finalizer, Foreground → `foregroundDeletion`, Background → neither; without a
// policy, a finalizer already on the object stands.
import { errors, fieldErrors } from '../api/errors';
import type { DeleteOptions, KubeObject } from '../api/types';
import { isStorageError, type KeyValue } from '../storage';
import { rfc3339 } from '../util';
import { decodeKeyValue, decodeStored, encodeForStore } from './codec';
import { serverMeta, storageFailure, type StoreContext } from './context';
import type { RequestContext } from './rest';
import { notFound, retryWrites } from './write-loop';

const POLICIES = ['Foreground', 'Background', 'Orphan'];
const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';

export interface DeleteResult {
  object: KubeObject;
  deleted: boolean;
}

function checkOptions(options: DeleteOptions): void {
  const policy = options.propagationPolicy;
  if (policy !== undefined && !POLICIES.includes(policy))
    throw errors.invalid('DeleteOptions', '', [
      fieldErrors.notSupported('propagationPolicy', policy, POLICIES),
    ]);
}

function checkPreconditions(c: StoreContext, obj: KubeObject, options: DeleteOptions): void {
  const meta = obj.metadata!;
  const pre = options.preconditions ?? {};
  const fail = (why: string) =>
    errors.conflict(c.strategy.info.resource, meta.name!, `Precondition failed: ${why}`);
  if (pre.uid && pre.uid !== meta.uid)
    throw fail(`UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
  if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion)
    throw fail(
      `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
    );
}

/** The policy this delete asks for; undefined leaves the object's own choice (or Background) in force. */
function policyOf(options: DeleteOptions): string | undefined {
  if (options.orphanDependents !== undefined && options.orphanDependents !== null)
    return options.orphanDependents ? 'Orphan' : 'Background';
  return options.propagationPolicy;
}

/** The metadata.finalizers to store once this delete records its policy; undefined when unchanged. */
function gcFinalizers(obj: KubeObject, options: DeleteOptions): string[] | undefined {
  const policy = policyOf(options);
  if (policy === undefined) return undefined;
  const current = obj.metadata?.finalizers ?? [];
  const next = current.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (policy === 'Orphan') next.push(FINALIZER_ORPHAN);
  if (policy === 'Foreground') next.push(FINALIZER_FOREGROUND);
  const same = next.length === current.length && next.every((f) => current.includes(f));
  return same ? undefined : next;
}

/** The marked version of obj, or undefined when it must be removed now (or is already marked as asked). */
function marked(
  c: StoreContext,
  obj: KubeObject,
  options: DeleteOptions,
): KubeObject | 'unchanged' | undefined {
  const grace = c.strategy.gracePeriod(obj, options);
  const finalizers = gcFinalizers(obj, options);
  const next = structuredClone(obj);
  if (finalizers) next.metadata!.finalizers = finalizers.length ? finalizers : undefined;
  const pending = c.strategy.finalizers(next).length > 0;
  if (grace === 0 && !pending) return undefined;
  const meta = obj.metadata!;
  const current = meta.deletionGracePeriodSeconds;
  const alreadyMarked = !!meta.deletionTimestamp && current !== undefined && current <= grace;
  if (alreadyMarked && !finalizers) return 'unchanged';
  if (!alreadyMarked) {
    serverMeta(next).deletionTimestamp = rfc3339(c.clock.now() + grace * 1000);
    serverMeta(next).deletionGracePeriodSeconds = grace;
    c.strategy.onMarkDeleted(next);
  }
  return next;
}

async function deleteOnce(
  c: StoreContext,
  ctx: RequestContext,
  kv: KeyValue,
  options: DeleteOptions,
): Promise<DeleteResult> {
  const info = c.strategy.info;
  const obj = decodeKeyValue(info, kv);
  checkPreconditions(c, obj, options);
  c.strategy.checkDelete(obj);
  const next = marked(c, obj, options);
  if (next === 'unchanged') return { object: obj, deleted: false };
  if (ctx.dryRun) return { object: next ?? obj, deleted: !next };
  try {
    if (next)
      return {
        object: decodeKeyValue(info, await c.store.update(kv.key, encodeForStore(next), kv.modRevision)),
        deleted: false,
      };
    const gone = await c.store.delete(kv.key, kv.modRevision);
    await c.strategy.afterDelete(obj);
    return { object: decodeStored(info, kv.value, gone.modRevision), deleted: true };
  } catch (e) {
    if (isStorageError(e, 'Conflict') || isStorageError(e, 'NotFound')) throw e;
    throw storageFailure(e);
  }
}

export async function deleteObject(
  c: StoreContext,
  ctx: RequestContext,
  name: string,
  options: DeleteOptions,
): Promise<DeleteResult> {
  checkOptions(options);
  if (options.dryRun?.includes('All')) ctx = { ...ctx, dryRun: true };
  let result: DeleteResult | undefined;
  await retryWrites(c, ctx, name, async (kv) => {
    if (!kv) throw notFound(c, name);
    result = await deleteOnce(c, ctx, kv, options);
    return result.object;
  });
  return result!;
}
