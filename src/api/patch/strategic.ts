// Strategic merge patch, Kubernetes' own patch format (what `kubectl apply`, `edit` and `patch` send by
// default): like a JSON merge patch, except that lists declared mergeable in merge-keys.ts are merged element
// by element on their merge key (containers by name, ports by containerPort, ...), lists of primitives with a
// merge strategy are merged as sets, and the patch may carry directives:
//   `$patch: replace | delete | merge` in a map or a list element, `$retainKeys: [...]`,
//   `$setElementOrder/<list>: [...]` and `$deleteFromPrimitiveList/<list>: [...]`.
// The original is copied, never mutated. A patch that breaks these rules is a 400 BadRequest.
import { errors } from '../errors';
import { deepCopy, deepEqual, isObject, type JsonObject } from './json-value';
import { listStrategy, type ListStrategy } from './merge-keys';

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** Applies a strategic merge patch for an object of `kind` and returns the merged copy. */
export function applyStrategicMergePatch(original: unknown, patch: unknown, kind: string): JsonObject {
  if (!isObject(patch)) throw errors.badRequest('strategic merge patch must be a JSON object');
  return new Merger(kind).mergeMap(isObject(original) ? deepCopy(original) : {}, patch, '');
}

class Merger {
  constructor(private readonly kind: string) {}

  /** Merges `patch` into `orig`, which this call owns and may mutate. */
  mergeMap(orig: JsonObject, patch: JsonObject, path: string): JsonObject {
    const directive = patch.$patch;
    if (directive === 'replace') return this.mergeMap({}, withoutKey(patch, '$patch'), path);
    if (directive === 'delete') return {};
    if (directive !== undefined && directive !== 'merge') {
      throw errors.badRequest(
        `unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
      );
    }
    if (patch.$retainKeys !== undefined) retainKeys(orig, patch.$retainKeys);
    for (const [k, pv] of Object.entries(patch)) {
      if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER)) continue;
      if (k.startsWith(DELETE_PRIMITIVE)) {
        deleteFromPrimitiveList(orig, k.slice(DELETE_PRIMITIVE.length), pv);
        continue;
      }
      if (k.startsWith('$'))
        throw errors.badRequest(`unknown strategic merge patch directive: ${JSON.stringify(k)}`);
      if (pv === null) {
        delete orig[k];
        continue;
      }
      orig[k] = this.mergeValue(orig[k], pv, path ? `${path}.${k}` : k);
    }
    for (const [k, order] of Object.entries(patch)) {
      if (!k.startsWith(SET_ORDER)) continue;
      const field = k.slice(SET_ORDER.length);
      const list = orig[field];
      if (!Array.isArray(order)) throw errors.badRequest(`invalid ${k}: must be a list`);
      if (Array.isArray(list)) {
        orig[field] = reorder(list, order, listStrategy(this.kind, path ? `${path}.${field}` : field));
      }
    }
    return orig;
  }

  private mergeValue(ov: unknown, pv: unknown, path: string): unknown {
    if (isObject(pv)) return this.mergeMap(isObject(ov) ? ov : {}, pv, path);
    if (Array.isArray(pv)) {
      const strategy = listStrategy(this.kind, path);
      if (!strategy) return deepCopy(pv);
      return this.mergeList(Array.isArray(ov) ? ov : [], pv, strategy, path);
    }
    return pv;
  }

  private mergeList(orig: unknown[], patch: unknown[], s: ListStrategy, path: string): unknown[] {
    if (s.mergeKey === undefined) {
      const out = [...orig];
      for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(deepCopy(v));
      return out;
    }
    const key = s.mergeKey;
    if (patch.some((e) => isObject(e) && e.$patch === 'replace')) {
      return patch
        .filter((e) => !(isObject(e) && e.$patch === 'replace'))
        .map((e) => this.mergeMap({}, elementOf(e, key, path), path));
    }
    let out = [...orig];
    for (const raw of patch) {
      const el = elementOf(raw, key, path);
      const id = el[key];
      const same = (o: unknown) => isObject(o) && deepEqual(o[key], id);
      if (el.$patch === 'delete') {
        out = out.filter((o) => !same(o));
        continue;
      }
      const i = out.findIndex(same);
      if (i >= 0) out[i] = this.mergeMap(out[i] as JsonObject, el, path);
      else out.push(this.mergeMap({}, el, path));
    }
    return out;
  }
}

/** A list element of a keyed list: an object carrying the merge key. */
function elementOf(e: unknown, key: string, path: string): JsonObject {
  if (!isObject(e)) {
    throw errors.badRequest(`${path}: list elements must be objects with merge key ${JSON.stringify(key)}`);
  }
  if (e[key] === undefined) {
    throw errors.badRequest(`map: ${JSON.stringify(e)} does not contain declared merge key: ${key}`);
  }
  return e;
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

function retainKeys(orig: JsonObject, keep: unknown): void {
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw errors.badRequest('invalid $retainKeys: must be a list of field names');
  }
  for (const k of Object.keys(orig)) if (!keep.includes(k)) delete orig[k];
}

function deleteFromPrimitiveList(orig: JsonObject, field: string, values: unknown): void {
  if (!Array.isArray(values)) throw errors.badRequest(`invalid ${DELETE_PRIMITIVE}${field}: must be a list`);
  const list = orig[field];
  if (Array.isArray(list)) orig[field] = list.filter((v) => !values.some((d) => deepEqual(d, v)));
}

/**
 * `$setElementOrder`: the elements named in `order` take the slots they already occupy, in the order given;
 * elements the order does not name (added by the server or other clients) keep their positions.
 */
function reorder(list: unknown[], order: unknown[], s: ListStrategy | undefined): unknown[] {
  const key = s?.mergeKey;
  const idOf = (v: unknown) => (key === undefined ? v : isObject(v) ? v[key] : undefined);
  const rank = (v: unknown) => order.findIndex((o) => deepEqual(idOf(o), idOf(v)));
  const slots = list.map((v, i) => (rank(v) >= 0 ? i : -1)).filter((i) => i >= 0);
  const sorted = slots.map((i) => list[i]).sort((a, b) => rank(a) - rank(b));
  const out = [...list];
  slots.forEach((slot, j) => (out[slot] = sorted[j]));
  return out;
}
