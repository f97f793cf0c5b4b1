// JSON merge patch (RFC 7386): objects merge recursively, `null` deletes a member, anything else (arrays
// included) replaces. This is what `kubectl label`, `annotate`, `scale` and `patch --type=merge` send.
import { deepCopy, isObject, type JsonObject } from './json-value';

/** RFC 7386 MergePatch(target, patch); target is copied, never mutated. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return merge(deepCopy(target), patch);
}

/** MergePatch over a target this call owns. */
function merge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepCopy(patch);
  const result: JsonObject = isObject(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = merge(result[k], v);
  }
  return result;
}
