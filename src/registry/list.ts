// List: resourceVersion "0" is served from the watch cache (any recent state will do); everything else is a
// consistent read from the store, filtered by namespace and selectors and cut into pages of `limit` with
// an opaque `continue` token that pins every page to the first page's revision.
import { errors } from '../api/errors';
import type { KubeList, KubeObject } from '../api/types';
import { isStorageError, type KeyValue } from '../storage';
import { decodeKeyValue } from './codec';
import { storageFailure, type StoreContext } from './context';
import { continueExpired, decodeContinue, encodeContinue } from './continue-token';
import { makeFilter } from './filter';
import { prefixOf } from './keys';
import type { ListOptions, RequestContext } from './rest';

function listOf(c: StoreContext, items: KubeObject[], revision: number, next?: string): KubeList {
  const metadata = next
    ? { resourceVersion: String(revision), continue: next }
    : { resourceVersion: String(revision) };
  return { apiVersion: 'v1', kind: c.strategy.info.listKind, metadata, items };
}

/** Index of the first key >= start in key-sorted items. */
function firstAtOrAfter(items: readonly KeyValue[], start: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.key < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function listObjects(
  c: StoreContext,
  ctx: RequestContext,
  options: ListOptions,
): Promise<KubeList> {
  const info = c.strategy.info;
  const filter = makeFilter(info, { namespace: ctx.namespace, ...options });
  const rv = options.resourceVersion;
  if (options.continue && rv && rv !== '0')
    throw errors.badRequest('specifying resource version is not allowed when using continue');
  if (!options.continue && rv === '0') {
    const snap = c.cache.snapshot();
    return listOf(c, snap.items.map((i) => i.object).filter(filter), snap.revision);
  }
  const point = options.continue ? decodeContinue(options.continue) : undefined;
  let result;
  try {
    result = await c.store.list(prefixOf(info, ctx.namespace), point ? { revision: point.revision } : {});
  } catch (e) {
    if (isStorageError(e, 'TooOld')) throw point ? continueExpired() : errors.gone(e.message);
    throw storageFailure(e);
  }
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const items: KubeObject[] = [];
  let lastKey = '';
  // Keys come sorted: a later page starts by binary search rather than a scan of the pages before it. Objects
  // are decoded only as far as one match past `limit` (enough to know another page follows).
  for (let i = point ? firstAtOrAfter(result.items, point.start) : 0; i < result.items.length; i++) {
    const kv = result.items[i]!;
    const obj = decodeKeyValue(info, kv);
    if (!filter(obj)) continue;
    if (items.length === limit)
      return listOf(c, items, result.revision, encodeContinue(result.revision, lastKey));
    items.push(obj);
    lastKey = kv.key;
  }
  return listOf(c, items, result.revision);
}
