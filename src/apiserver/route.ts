// Route: turns a request path under /api/v1 into what it names (collection, object or subresource), or a
// StatusError. Pure. Path segments are percent-decoded one by one, and names that could escape a storage key
// ("..", "/", "%") are refused here, before any layer below sees them.
import { errors, StatusError } from '../api/errors';
import { resourceInfo, type ResourceInfo } from '../api/resources';

export type Route =
  | { kind: 'collection'; info: ResourceInfo; namespace?: string; watch: boolean }
  | { kind: 'object'; info: ResourceInfo; namespace?: string; name: string; watch: boolean }
  | { kind: 'subresource'; info: ResourceInfo; namespace?: string; name: string; sub: string }
  /** POST /api/v1/namespaces/{ns}/bindings: the old spelling of pods/{name}/binding. */
  | { kind: 'bindings'; namespace: string }
  /** GET /api/v1/componentstatuses[/{name}]: probed, never stored (./component-statuses). */
  | { kind: 'componentstatuses'; name?: string };

const notFound = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

/** Checks a name or namespace from the URL, as apimachinery's path.IsValidPathSegmentName does. */
export function checkPathSegmentName(name: string): void {
  if (name === '.' || name === '..')
    throw errors.badRequest(`invalid name ${JSON.stringify(name)}: may not be '${name}'`);
  for (const bad of ['/', '%']) {
    if (name.includes(bad))
      throw errors.badRequest(`invalid name ${JSON.stringify(name)}: may not contain '${bad}'`);
  }
}

function decodeSegments(rest: string): string[] {
  const raw = rest.split('/');
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  return raw.map((s) => {
    if (s === '') throw notFound();
    if (!s.includes('%')) return s;
    try {
      return decodeURIComponent(s);
    } catch {
      throw errors.badRequest(`malformed path segment ${JSON.stringify(s)}`);
    }
  });
}

function named(s: string): string {
  checkPathSegmentName(s);
  return s;
}

/**
 * Parses the part of the path after "/api/v1/" (e.g. "namespaces/default/pods/web-1/status").
 * Throws 404 for anything that is not a route, 400 for unsafe names.
 */
export function parseRoute(rest: string): Route {
  let segs = decodeSegments(rest);
  let watch = false;
  if (segs[0] === 'watch') {
    watch = true;
    segs = segs.slice(1);
  }
  const [first, second, third, fourth, fifth, ...extra] = segs;
  if (first === undefined || extra.length) throw notFound();

  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    const nsInfo = resourceInfo('namespaces')!;
    // /namespaces/{ns}/status and /finalize are subresources of the namespace itself.
    if (fourth === undefined && nsInfo.subresources.includes(third) && !watch) {
      return { kind: 'subresource', info: nsInfo, name: named(second), sub: third };
    }
    const namespace = named(second);
    if (third === 'bindings' && fourth === undefined && !watch) return { kind: 'bindings', namespace };
    const info = resourceInfo(third);
    if (!info || !info.namespaced) throw notFound();
    if (fourth === undefined) return { kind: 'collection', info, namespace, watch };
    if (fifth === undefined) return { kind: 'object', info, namespace, name: named(fourth), watch };
    if (watch || !info.subresources.includes(fifth)) throw notFound();
    return { kind: 'subresource', info, namespace, name: named(fourth), sub: fifth };
  }

  if (first === 'componentstatuses' && third === undefined && !watch)
    return second === undefined
      ? { kind: 'componentstatuses' }
      : { kind: 'componentstatuses', name: named(second) };
  const info = resourceInfo(first);
  if (!info || fourth !== undefined) throw notFound();
  if (second === undefined) return { kind: 'collection', info, watch };
  if (info.namespaced) throw notFound();
  if (third === undefined) return { kind: 'object', info, name: named(second), watch };
  if (watch || !info.subresources.includes(third)) throw notFound();
  return { kind: 'subresource', info, name: named(second), sub: third };
}

/** A pod or service proxy path: /api/v1/namespaces/NS/(pods|services)/NAME/proxy/PATH. */
export interface ProxyRoute {
  resource: 'pods' | 'services';
  namespace: string;
  /** As in the URL: NAME, NAME:PORT or SCHEME:NAME:PORT. */
  name: string;
  /** The rest of the path after /proxy, as sent (still percent-encoded); "" for none. */
  path: string;
}

const PROXY = /^namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/;

/**
 * The pod or service proxy a path after "/api/v1/" names (`namespaces/NS/pods/NAME[:PORT]/proxy/REST`), or
 * undefined. Given the path as sent, trailing slash and all: the rest is forwarded untouched.
 */
export function parseProxyRoute(rest: string): ProxyRoute | undefined {
  const m = PROXY.exec(rest);
  if (!m) return undefined;
  const [namespace, name] = decodeSegments(`${m[1]}/${m[3]}`).map(named);
  return { resource: m[2] as 'pods' | 'services', namespace: namespace!, name: name!, path: m[4] ?? '' };
}
