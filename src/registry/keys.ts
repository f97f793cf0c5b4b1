// Storage key layout, as Kubernetes lays out etcd: /registry/<resource>/<namespace>/<name> for namespaced
// kinds and /registry/<resource>/<name> for cluster-scoped ones. Prefixes end in "/" so that namespace
// "a" never matches namespace "ab".
import type { ResourceInfo } from '../api/resources';

export const REGISTRY_ROOT = '/registry/';

export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced
    ? `${REGISTRY_ROOT}${info.resource}/${namespace}/${name}`
    : `${REGISTRY_ROOT}${info.resource}/${name}`;
}

/** Every object of the resource, or (namespaced kinds, namespace given) every object in one namespace. */
export function prefixOf(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace
    ? `${REGISTRY_ROOT}${info.resource}/${namespace}/`
    : `${REGISTRY_ROOT}${info.resource}/`;
}
