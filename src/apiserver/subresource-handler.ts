// Subresource handler: /pods/x/status, /pods/x/binding, /replicationcontrollers/x/scale, ... through the
// registry's SubresourceStorage; kubelet-served ones (log, exec) through ./pod-proxy; and the legacy
// POST /namespaces/{ns}/bindings, which names its pod in the body.
import { errors, StatusError } from '../api/errors';
import type { SubresourceStorage } from '../registry/rest';
import { readObject, readPatch, type Call } from './call';
import { KUBELET_SUBRESOURCES, kubeletSubresourceError, proxyPodLog } from './pod-proxy';
import { writeContext } from './query';
import { sendJson } from './respond';
import type { Route } from './route';

type SubRoute = Extract<Route, { kind: 'subresource' }>;

function notAllowed(call: Call, path: string): never {
  throw errors.methodNotAllowed(
    `the server does not allow this method on the requested resource (${call.req.method} ${path})`,
  );
}

export async function handleSubresource(call: Call, route: SubRoute): Promise<void> {
  const path = `${route.info.resource}/${route.sub}`;
  const method = call.req.method ?? 'GET';
  if (route.info.resource === 'pods' && route.sub === 'log')
    return proxyPodLog(call, route.namespace, route.name);
  if (route.info.resource === 'pods' && KUBELET_SUBRESOURCES.has(route.sub)) {
    throw await kubeletSubresourceError(call.registry, route.namespace, route.name, route.sub, call.query);
  }
  const sub: SubresourceStorage | undefined = call.registry.subresource(route.info.resource, route.sub);
  if (!sub) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  const ctx = writeContext(call.query, route.namespace);
  if ((method === 'GET' || method === 'HEAD') && sub.get) {
    sendJson(call.res, 200, await sub.get({ namespace: route.namespace }, route.name));
  } else if (method === 'PUT' && sub.update) {
    const body = await readObject(call);
    sendJson(call.res, 200, await sub.update(ctx, route.name, body), ctx.warnings);
  } else if (method === 'PATCH' && sub.patch) {
    const { type, patch } = await readPatch(call);
    sendJson(call.res, 200, await sub.patch(ctx, route.name, type, patch), ctx.warnings);
  } else if (method === 'POST' && sub.create) {
    const body = await readObject(call);
    sendJson(call.res, 201, await sub.create(ctx, route.name, body), ctx.warnings);
  } else {
    notAllowed(call, path);
  }
}

/** POST /api/v1/namespaces/{ns}/bindings: a Binding whose metadata.name is the pod. */
export async function handleBindings(call: Call, namespace: string): Promise<void> {
  if (call.req.method !== 'POST') notAllowed(call, 'bindings');
  const binding = call.registry.subresource('pods', 'binding');
  if (!binding?.create) throw errors.notFound('bindings', '');
  const ctx = writeContext(call.query, namespace);
  const body = await readObject(call);
  const name = body.metadata?.name;
  if (typeof name !== 'string' || !name)
    throw errors.badRequest('a Binding needs metadata.name: the name of the pod');
  sendJson(call.res, 201, await binding.create(ctx, name, body), ctx.warnings);
}
