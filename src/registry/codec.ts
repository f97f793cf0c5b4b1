// Turning request bodies into objects and objects into stored values and back. The stored value never holds
// metadata.resourceVersion: it is the key's modRevision, filled in on every read (as the etcd3 store does).
import { errors } from '../api/errors';
import type { ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import type { KeyValue } from '../storage';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A deep copy of a JSON value. Request bodies are plain JSON, and copying them by hand is an order of
 * magnitude cheaper than structuredClone (which serializes); anything else (a Date from an in-process
 * caller) still goes through structuredClone.
 */
function copyJson<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(copyJson) as T;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    // JSON.parse makes "__proto__" an own key; plain assignment would set the copy's prototype instead.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: copyJson(val),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = copyJson(val);
  }
  return out as T;
}

/**
 * Checks a request body is an object of the expected kind and version and returns a deep copy with kind and
 * apiVersion filled in. `kind` defaults to the resource's; subresources pass theirs (Scale, Binding).
 */
export function decodeBody(
  info: ResourceInfo,
  body: unknown,
  kind = info.kind,
  apiVersion = 'v1',
): KubeObject {
  if (!isPlainObject(body))
    throw errors.badRequest(`the body of the request must be a JSON object (a ${kind})`);
  const obj = copyJson(body) as KubeObject;
  if (obj.apiVersion && obj.apiVersion !== apiVersion)
    throw errors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`,
    );
  if (obj.kind && obj.kind !== kind)
    throw errors.badRequest(
      `${obj.kind} in version "${obj.apiVersion ?? apiVersion}" cannot be handled as a ${kind}: the kind in the data (${obj.kind}) does not match the expected kind (${kind})`,
    );
  if (obj.metadata !== undefined && !isPlainObject(obj.metadata))
    throw errors.badRequest(
      `${kind} in version "${apiVersion}" cannot be handled as a ${kind}: metadata must be an object`,
    );
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  obj.metadata ??= {};
  return obj;
}

/**
 * The stored value: apiVersion, kind and metadata first, in that order, and no metadata.resourceVersion, so a
 * response can be made from it by inserting the revision (withResourceVersion) instead of encoding again.
 */
export function encodeForStore(obj: KubeObject): string {
  const { apiVersion, kind, metadata, ...rest } = obj;
  const meta = { ...metadata };
  delete meta.resourceVersion;
  return JSON.stringify({ apiVersion, kind, metadata: meta, ...rest });
}

/**
 * The JSON of a stored value with metadata.resourceVersion set to revision, by splicing it in — or undefined
 * when the value does not open as encodeForStore writes it (`{"apiVersion":"v1","kind":K,"metadata":{`).
 * JSON.stringify escapes every quote inside strings, so that opening can only be the real keys.
 */
export function withResourceVersion(value: string, kind: string, revision: number): string | undefined {
  const head = `{"apiVersion":"v1","kind":${JSON.stringify(kind)},"metadata":{`;
  if (!value.startsWith(head)) return undefined;
  const rv = `"resourceVersion":"${revision}"`;
  const rest = value.slice(head.length);
  return head + rv + (rest.startsWith('}') ? '' : ',') + rest;
}

/**
 * JSON already made for objects a registry call returns (from the bytes it stored or read), so the HTTP layer
 * sends those instead of encoding the object again. Only for fresh objects handed straight to the caller,
 * never for cached or shared ones: whoever changes such an object must not send it through the HTTP layer.
 */
const encodings = new WeakMap<object, string>();

export function rememberEncoding<T extends object>(obj: T, json: string | undefined): T {
  if (json !== undefined) encodings.set(obj, json);
  return obj;
}

/** The JSON remembered for obj, if any. */
export const encodingOf = (obj: unknown): string | undefined =>
  typeof obj === 'object' && obj !== null ? encodings.get(obj) : undefined;

/** Parses a stored value and stamps it with the revision it was read at (the modRevision, or a delete's). */
export function decodeStored(info: ResourceInfo, value: string, revision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  obj.apiVersion = 'v1';
  obj.kind = info.kind;
  obj.metadata = { ...obj.metadata, resourceVersion: String(revision) };
  return obj;
}

export const decodeKeyValue = (info: ResourceInfo, kv: KeyValue): KubeObject =>
  decodeStored(info, kv.value, kv.modRevision);

/** Equality of two objects ignoring metadata.resourceVersion: an update that changes nothing is not written. */
export const sameContent = (a: KubeObject, b: KubeObject): boolean => encodeForStore(a) === encodeForStore(b);
