// The merge patch `apply` sends (kubectl's client-side apply, with a JSON merge patch): what changed from the
// last applied configuration to the new one — new and changed fields set, fields dropped from the file
// set to null (deleted) — so fields other writers own (status, defaults, the scheduler's nodeName) are kept.
type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function threeWayPatch(last: Json, next: Json): Record<string, Json> {
  const patch: Record<string, Json> = {};
  const before = isObject(last) ? last : {};
  const after = isObject(next) ? next : {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    if (isObject(v) && isObject(old)) {
      const sub = threeWayPatch(old, v);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (JSON.stringify(v) !== JSON.stringify(old)) patch[k] = v;
  }
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  return patch;
}
