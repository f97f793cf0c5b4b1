// What every generic-store operation needs, gathered once per resource, plus small helpers they share:
// the storage key of a request's object and the mapping of storage failures onto StatusErrors.
import { errors, StatusError } from '../api/errors';
import type { KubeObject, ObjectMeta } from '../api/types';
import { isStorageError, type Store } from '../storage';
import type { Clock, IdSource } from '../util';
import { objectKey } from './keys';
import type { RequestContext } from './rest';
import type { Strategy } from './strategy';
import type { WatchCache } from './watch-cache';

export interface StoreContext {
  store: Store;
  clock: Clock;
  ids: IdSource;
  strategy: Strategy;
  cache: WatchCache;
  /** Throws 404 when namespace does not exist, 403 when it is terminating (creating `resource` `name`). */
  checkNamespace(namespace: string, resource: string, name: string): Promise<void>;
}

/** Bounded retries of read-modify-write loops that lost a compare-and-swap race. */
export const MAX_WRITE_RETRIES = 10;

/** The request's namespace for a single-object operation (none for cluster-scoped kinds). */
export function namespaceOf(c: StoreContext, ctx: RequestContext): string | undefined {
  if (!c.strategy.info.namespaced) return undefined;
  if (!ctx.namespace) throw errors.badRequest('namespace is required for this resource');
  return ctx.namespace;
}

export const keyOf = (c: StoreContext, ctx: RequestContext, name: string): string =>
  objectKey(c.strategy.info, namespaceOf(c, ctx), name);

export const nameOf = (obj: KubeObject): string => obj.metadata?.name ?? '';

/**
 * Storage failures that are not part of an operation's own logic: 503 for an unreachable store; 507
 * Insufficient Storage for a full one (RFC 4918: the server cannot store what the request needs). Not 503: a
 * full store does not heal by waiting, so clients must not retry it blindly; an operator has to make room
 * (the message says how). Not 500: nothing is wrong with the server, and nothing was written.
 */
export function storageFailure(e: unknown): unknown {
  if (isStorageError(e, 'NoSpace')) return new StatusError(507, 'InternalError', e.message);
  if (isStorageError(e, 'Unavailable') || isStorageError(e, 'Closed'))
    return errors.unavailable(`storage is unavailable: ${(e as Error).message}`);
  if (isStorageError(e)) return errors.internal(e.message);
  return e;
}

/** ObjectMeta with the fields the server owns (uid, generation, ...) writable: kubernetes-types marks them readonly. */
export type ServerMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

export const serverMeta = (obj: KubeObject): ServerMeta => (obj.metadata ??= {}) as ServerMeta;
