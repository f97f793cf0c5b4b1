// Request attributes (Kubernetes' RequestInfo): what a request does, in the words authorization decides on —
// a verb on a resource (with subresource, namespace and name) for /api/v1 paths and the review collections of
// ./review-kinds, or a verb on a path for everything else. Pure: method and URL in, attributes out.
import { StatusError } from '../../api/errors';
import { parseProxyRoute, parseRoute, type ProxyRoute } from '../route';
import { reviewKindAt } from './review-kinds';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceAttributes {
  kind: 'resource';
  verb: Verb;
  /** The API group; absent for the core group (""), where every stored k8ts resource is. */
  group?: string;
  /** Plural, lower-case ("pods"). */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface NonResourceAttributes {
  kind: 'nonResource';
  /** The lower-cased HTTP method ("get", "post"). */
  verb: string;
  path: string;
}

export type Attributes = ResourceAttributes | NonResourceAttributes;

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) };
}

function resourceVerb(method: string, named: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
  }
  return undefined;
}

/** A proxy route, or undefined for any other path and for one with an unsafe name (the handler says why). */
function parseProxyRouteSafely(rest: string): ProxyRoute | undefined {
  try {
    return parseProxyRoute(rest);
  } catch (e) {
    if (e instanceof StatusError) return undefined;
    throw e;
  }
}

export function requestAttributes(method: string, url: string): Attributes {
  const { path, query } = splitUrl(url);
  const nonResource: NonResourceAttributes = { kind: 'nonResource', verb: method.toLowerCase(), path };
  const review = reviewKindAt(path);
  if (review) {
    const verb = resourceVerb(method, false, false);
    return verb ? { kind: 'resource', verb, group: review.group, resource: review.resource } : nonResource;
  }
  if (!path.startsWith('/api/v1/')) return nonResource;
  const proxy = parseProxyRouteSafely(path.slice('/api/v1/'.length));
  if (proxy) {
    const verb = resourceVerb(method, true, false);
    if (!verb) return nonResource;
    const { resource, namespace, name } = proxy;
    return { kind: 'resource', verb, resource, subresource: 'proxy', namespace, name };
  }
  let route;
  try {
    route = parseRoute(path.slice('/api/v1/'.length));
  } catch (e) {
    if (e instanceof StatusError) return nonResource; // the handler answers 404 / 400 if allowed this far
    throw e;
  }
  const watchParam = query.get('watch');
  const watching = (route.kind === 'collection' || route.kind === 'object') && route.watch;
  const watch = watching || watchParam === 'true' || watchParam === '1';
  if (route.kind === 'bindings') {
    const verb = resourceVerb(method, false, false);
    return verb ? { kind: 'resource', verb, resource: 'bindings', namespace: route.namespace } : nonResource;
  }
  if (route.kind === 'componentstatuses') {
    const verb = resourceVerb(method, route.name !== undefined, watch);
    if (!verb) return nonResource;
    const attrs: ResourceAttributes = { kind: 'resource', verb, resource: 'componentstatuses' };
    if (route.name !== undefined) attrs.name = route.name;
    return attrs;
  }
  const name = route.kind === 'collection' ? undefined : route.name;
  const verb = resourceVerb(method, name !== undefined, watch && route.kind !== 'subresource');
  if (!verb) return nonResource;
  const attrs: ResourceAttributes = { kind: 'resource', verb, resource: route.info.resource };
  if (route.kind === 'subresource') attrs.subresource = route.sub;
  // As in Kubernetes, a namespace's own requests are "in" that namespace.
  const namespace = route.info.resource === 'namespaces' ? name : route.namespace;
  if (namespace !== undefined) attrs.namespace = namespace;
  if (name !== undefined) attrs.name = name;
  return attrs;
}
