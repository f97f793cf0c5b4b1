// Create: decode, place in the request's namespace, name (generateName), stamp the system fields (uid,
// creationTimestamp, generation), prepare, default, check the namespace is open, validate, run the kind's
// allocations, then write if absent. dryRun does everything but the write.
import { errors } from '../api/errors';
import type { KubeObject, ObjectMeta } from '../api/types';
import { isStorageError } from '../storage';
import { rfc3339 } from '../util';
import { applyDefaults } from '../api/defaults';
import { decodeBody, encodeForStore, rememberEncoding, withResourceVersion } from './codec';
import { serverMeta, storageFailure, type ServerMeta, type StoreContext } from './context';
import { objectKey } from './keys';
import type { RequestContext } from './rest';
import { asDecodable, checkCreate } from './validate';

/** Kubernetes keeps generated names within 63 characters: prefix cut to 58, plus 5 random characters. */
const MAX_GENERATE_PREFIX = 58;
const GENERATE_NAME_ATTEMPTS = 8;

export const NAMESPACE_MISMATCH =
  'the namespace of the provided object does not match the namespace sent on the request';

function placeInNamespace(c: StoreContext, ctx: RequestContext, meta: ObjectMeta): void {
  if (!c.strategy.info.namespaced) {
    delete meta.namespace;
    return;
  }
  if (ctx.namespace && meta.namespace && meta.namespace !== ctx.namespace)
    throw errors.badRequest(NAMESPACE_MISMATCH);
  const ns = ctx.namespace ?? meta.namespace;
  if (!ns) throw errors.badRequest('namespace is required for this resource');
  meta.namespace = ns;
}

function stampSystemFields(c: StoreContext, meta: ServerMeta): void {
  meta.uid = c.ids.uid();
  meta.creationTimestamp = rfc3339(c.clock.now());
  meta.generation = 1;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
}

const generateName = (c: StoreContext, prefix: string) =>
  prefix.slice(0, MAX_GENERATE_PREFIX) + c.ids.suffix();

export async function createObject(c: StoreContext, ctx: RequestContext, body: unknown): Promise<KubeObject> {
  const info = c.strategy.info;
  const obj = decodeBody(info, body);
  const meta = obj.metadata!;
  placeInNamespace(c, ctx, meta);
  const generated = !meta.name && !!meta.generateName;
  if (generated) meta.name = generateName(c, meta.generateName!);
  stampSystemFields(c, serverMeta(obj));
  asDecodable(info.kind, () => {
    c.strategy.prepareForCreate(obj);
    applyDefaults(info.kind, obj);
  });
  if (meta.namespace) await c.checkNamespace(meta.namespace, info.resource, meta.name ?? '');
  checkCreate(c.strategy, obj);
  const undo = await c.strategy.beforeCreate(obj, !!ctx.dryRun);
  if (ctx.dryRun) return obj;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = encodeForStore(obj);
        const kv = await c.store.create(objectKey(info, meta.namespace, meta.name!), value);
        // obj is this call's own copy and exactly what was stored: stamp it rather than parse the value back,
        // and let the response reuse the stored bytes.
        obj.metadata = { ...obj.metadata, resourceVersion: String(kv.modRevision) };
        return rememberEncoding(obj, withResourceVersion(value, info.kind, kv.modRevision));
      } catch (e) {
        if (!isStorageError(e, 'KeyExists')) throw storageFailure(e);
        if (!generated || attempt >= GENERATE_NAME_ATTEMPTS)
          throw errors.alreadyExists(info.resource, meta.name!);
        meta.name = generateName(c, meta.generateName!);
      }
    }
  } catch (e) {
    await undo?.().catch(() => undefined);
    throw e;
  }
}
