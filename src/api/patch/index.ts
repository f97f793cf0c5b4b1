// patch: JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch (Kubernetes' list-merge
// by key) and apply (server-side apply, simplified), as pure functions over plain JSON objects.
// The apiserver maps the request Content-Type to a PatchType and calls applyPatch on the stored object; the
// result is a new object (the stored one is never touched), still to be validated like an update.
//
// Server-side apply is simplified: the body is the full intended object and is merged onto the live object
// like a strategic merge patch in which the applied fields win. managedFields and field ownership are NOT
// tracked, so there are no apply conflicts and fields dropped from a later apply are not removed.
import { errors } from '../errors';
import type { KubeObject } from '../types';
import { applyJsonPatch } from './json-patch';
import { isObject } from './json-value';
import { applyMergePatch } from './merge-patch';
import { applyStrategicMergePatch } from './strategic';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export type { KubeObject };

const BY_MEDIA_TYPE: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The patch type of a PATCH request's Content-Type (parameters such as `; charset=utf-8` are ignored). */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return BY_MEDIA_TYPE[media];
}

/**
 * Applies `patch` to a copy of `original`, an object of `kind` ("Pod"; it picks the strategic merge keys).
 * Throws StatusError: 400 BadRequest for a malformed patch, 422 Invalid when a JSON patch operation does not
 * apply (failed `test`, missing path).
 */
export function applyPatch(type: PatchType, original: KubeObject, patch: unknown, kind: string): KubeObject {
  let result: unknown;
  switch (type) {
    case 'json':
      result = applyJsonPatch(original, patch);
      break;
    case 'merge':
      if (!isObject(patch)) throw errors.badRequest('merge patch must be a JSON object');
      result = applyMergePatch(original, patch);
      break;
    case 'strategic':
    case 'apply':
      result = applyStrategicMergePatch(original, patch, kind);
      break;
    default:
      throw errors.badRequest(`unsupported patch type: ${String(type)}`);
  }
  if (!isObject(result)) throw errors.badRequest('the patched document is not a JSON object');
  return result as KubeObject;
}

export { applyJsonPatch, applyMergePatch, applyStrategicMergePatch };
