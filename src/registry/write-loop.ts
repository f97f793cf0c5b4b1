// Read-modify-write with retries: re-read the object and rebuild the change whenever the compare-and-swap
// loses a race, unless the client pinned a resourceVersion (then the race is its 409 Conflict).
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';
import { isStorageError, type KeyValue } from '../storage';
import { keyOf, MAX_WRITE_RETRIES, storageFailure, type StoreContext } from './context';
import type { RequestContext } from './rest';

export interface Attempt {
  /** The object stored now, or undefined if there is none. Returns the object written. */
  (current: KeyValue | undefined): Promise<KubeObject>;
}

export async function retryWrites(
  c: StoreContext,
  ctx: RequestContext,
  name: string,
  attempt: Attempt,
): Promise<KubeObject> {
  const key = keyOf(c, ctx, name);
  for (let i = 0; i < MAX_WRITE_RETRIES; i++) {
    const current = await c.store.get(key).catch((e) => Promise.reject(storageFailure(e)));
    try {
      return await attempt(current);
    } catch (e) {
      if (!isStorageError(e, 'Conflict') && !isStorageError(e, 'NotFound')) throw e;
    }
  }
  throw errors.conflict(c.strategy.info.resource, name);
}

/** 409 when the client's resourceVersion precondition does not hold for current. */
export function checkResourceVersion(
  c: StoreContext,
  name: string,
  wanted: string | undefined,
  current: KeyValue,
): void {
  if (wanted && wanted !== String(current.modRevision)) throw errors.conflict(c.strategy.info.resource, name);
}

export const notFound = (c: StoreContext, name: string) => errors.notFound(c.strategy.info.resource, name);
