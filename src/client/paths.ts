// REST paths and query strings of the core v1 API, built from the resource catalogue (src/api/resources):
// /api/v1/namespaces/<ns>/<resource>/<name>/<subresource> for namespaced kinds, /api/v1/<resource>/... for
// cluster-scoped ones and for all-namespaces lists and watches.
import { resourceInfo } from '../api/resources';

export interface PathParts {
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath({ resource, namespace, name, subresource }: PathParts): string {
  // Unknown resources (not in the catalogue) are taken to be namespaced when a namespace is given.
  const namespaced = resourceInfo(resource)?.namespaced ?? true;
  let path = '/api/v1';
  if (namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource}`;
  if (name !== undefined) {
    path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}

/** A query string ("" or "?a=b&c=d") from the set values, in the order given; form-encoded like kubectl. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    q.append(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
