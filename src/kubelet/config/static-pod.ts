// toStaticPod: what a manifest read from a file, URL, etcd or POST /pods becomes on this node, named as
// Kubernetes names static pods: `<name>-<nodeName>`, namespace "default" unless given, bound to the node, and
// a UID that is a hash of (source, content, node) — so an unchanged manifest keeps its UID across polls and
// kubelet restarts (running containers are adopted, not restarted), and any change yields a new pod.
import { createHash } from 'node:crypto';
import type { Pod } from '../../api/types';

export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
/** Set on the API object that mirrors a static pod (by the mirror-pod code, not here). */
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** JSON with object keys sorted and undefined dropped, so equal objects hash alike whatever their key order. */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A UUID-shaped (8-4-4-4-12) rendering of a hex digest, so the UID looks like every other UID in the API. */
function uuidShape(hex: string): string {
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join(
    '-',
  );
}

/** The pod's full name as the kubelet keys it: `<namespace>/<name>`. */
export function podFullName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/**
 * Turns a parsed manifest pod into this node's static pod. Does not modify `pod`. A UID the manifest sets
 * itself (a ContainerManifest's `uuid`, a Pod's metadata.uid) is kept, as Kubernetes keeps it.
 */
export function toStaticPod(pod: Pod, source: string, nodeName: string): Pod {
  const content = canonicalJSON(pod);
  const hash = sha256(content).slice(0, 32);
  const out = structuredClone(pod);
  const meta = out.metadata ?? {};
  out.metadata = {
    ...meta,
    uid: meta.uid || uuidShape(sha256(canonicalJSON({ source, nodeName, content }))),
    name: `${meta.name ?? ''}-${nodeName}`,
    namespace: meta.namespace || 'default',
    annotations: { ...meta.annotations, [CONFIG_SOURCE_ANNOTATION]: source, [CONFIG_HASH_ANNOTATION]: hash },
  };
  out.spec = { ...out.spec!, nodeName };
  return out;
}
