// Resource handler: the verbs on a collection (/pods) and on one object (/pods/web-1) — list, watch, create,
// deletecollection, get, update, patch, delete — mapped onto the registry's ResourceStorage. Whether a body
// fits the URL and is valid is the registry's to say; unknown fields (fieldValidation) are checked here.
import { errors } from '../api/errors';
import type { ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import type { DeleteOptions } from 'kubernetes-types/meta/v1';
import type { RequestContext, ResourceStorage } from '../registry/rest';
import { readObject, readOptionalObject, readPatch, type Call } from './call';
import { validateFields, validatePatchFields } from './field-validation';
import { includeObject, wantsTable } from './negotiate';
import { deleteQuery, force, isWatch, listOptions, watchOptions, writeContext } from './query';
import { sendJson } from './respond';
import type { Route } from './route';
import { tableOf } from './table-format';
import { serveWatch } from './watch-stream';

type ResourceRoute = Extract<Route, { kind: 'collection' | 'object' }>;

function methodNotAllowed(call: Call, what: string): never {
  throw errors.methodNotAllowed(
    `the server does not allow this method on the requested resource (${call.req.method} ${what})`,
  );
}

function storageFor(call: Call, info: ResourceInfo): ResourceStorage {
  const storage = call.registry.resource(info.resource);
  if (!storage) throw errors.notFound(info.resource, '');
  return storage;
}

function send(call: Call, code: number, object: KubeObject, ctx?: RequestContext): void {
  sendJson(call.res, code, object, ctx?.warnings ?? []);
}

async function getOrList(call: Call, route: ResourceRoute, storage: ResourceStorage): Promise<void> {
  const table = wantsTable(call.req.headers.accept)
    ? { includeObject: includeObject(call.query) }
    : undefined;
  const ctx: RequestContext = { namespace: route.namespace };
  if (route.watch || isWatch(call.query)) {
    const options = watchOptions(call.query);
    if (route.kind === 'object') {
      const byName = `metadata.name=${route.name}`;
      options.fieldSelector = options.fieldSelector ? `${options.fieldSelector},${byName}` : byName;
    }
    await serveWatch(call.req, call.res, {
      storage,
      ctx,
      options,
      table,
      clock: call.clock,
      log: call.log,
      track: call.track,
    });
    return;
  }
  if (route.kind === 'object') {
    if (!table && storage.getJson) {
      sendJson(call.res, 200, undefined, [], await storage.getJson(ctx, route.name));
      return;
    }
    const obj = await storage.get(ctx, route.name);
    send(call, 200, table ? tableOf(storage.info, [obj], { now: call.clock.now(), ...table }) : obj);
    return;
  }
  const list = await storage.list(ctx, listOptions(call.query));
  const body = table
    ? tableOf(storage.info, list.items, { now: call.clock.now(), listMeta: list.metadata, ...table })
    : (list as unknown as KubeObject);
  send(call, 200, body);
}

async function create(call: Call, route: ResourceRoute, storage: ResourceStorage): Promise<void> {
  if (route.info.namespaced && !route.namespace) methodNotAllowed(call, `/api/v1/${route.info.resource}`);
  const ctx = writeContext(call.query, route.namespace);
  const body = await readObject(call);
  validateFields(route.info.kind, body, ctx);
  send(call, 201, await storage.create(ctx, body), ctx);
}

async function update(call: Call, route: Extract<Route, { kind: 'object' }>, storage: ResourceStorage) {
  const ctx = writeContext(call.query, route.namespace);
  const body = await readObject(call);
  validateFields(route.info.kind, body, ctx);
  const { object, created } = await storage.update(ctx, route.name, body);
  send(call, created ? 201 : 200, object, ctx);
}

async function patch(call: Call, route: Extract<Route, { kind: 'object' }>, storage: ResourceStorage) {
  const ctx = writeContext(call.query, route.namespace);
  const { type, patch } = await readPatch(call);
  if (type === 'apply') validateFields(route.info.kind, patch, ctx);
  else if (type !== 'json') validatePatchFields(route.info.kind, patch, ctx);
  const fieldManager = call.query.get('fieldManager') ?? undefined;
  const { object, created } = await storage.patch(ctx, route.name, type, patch, {
    force: force(call.query),
    fieldManager,
  });
  send(call, created ? 201 : 200, object, ctx);
}

async function deleteOptions(call: Call): Promise<DeleteOptions> {
  const body = await readOptionalObject(call);
  const grace = body.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && !Number.isInteger(grace))
    throw errors.badRequest('gracePeriodSeconds must be an integer');
  return { ...deleteQuery(call.query), ...(body as DeleteOptions) };
}

async function remove(call: Call, route: ResourceRoute, storage: ResourceStorage): Promise<void> {
  const ctx = writeContext(call.query, route.namespace);
  const options = await deleteOptions(call);
  if (route.kind === 'collection') {
    if (route.info.namespaced && !route.namespace) methodNotAllowed(call, `/api/v1/${route.info.resource}`);
    send(
      call,
      200,
      (await storage.deleteCollection(ctx, listOptions(call.query), options)) as unknown as KubeObject,
      ctx,
    );
    return;
  }
  const { object } = await storage.delete(ctx, route.name, options);
  send(call, 200, object, ctx);
}

export async function handleResource(call: Call, route: ResourceRoute): Promise<void> {
  const storage = storageFor(call, route.info);
  const method = call.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return getOrList(call, route, storage);
  if (route.watch) methodNotAllowed(call, 'watch');
  if (route.kind === 'collection') {
    if (method === 'POST') return create(call, route, storage);
    if (method === 'DELETE') return remove(call, route, storage);
  } else {
    if (method === 'PUT') return update(call, route, storage);
    if (method === 'PATCH') return patch(call, route, storage);
    if (method === 'DELETE') return remove(call, route, storage);
  }
  methodNotAllowed(call, route.info.resource);
}
