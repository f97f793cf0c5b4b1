// Field validation (the fieldValidation query parameter) for whole objects sent with POST and PUT:
// Strict → 400 `strict decoding error: unknown field "spec.foo"`, Warn → a Warning header per field and the
// field dropped, Ignore → dropped silently. Which fields exist is the OpenAPI schema's knowledge (./openapi).
import { errors } from '../api/errors';
import type { RequestContext } from '../registry/rest';
import { knownFieldsCheck, strictDecodingMessage } from './openapi';

/** Splits `spec.containers[0].foo` into ["spec", "containers", 0, "foo"]. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function dropField(obj: unknown, path: (string | number)[]): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[path[i]!];
  }
  const last = path[path.length - 1];
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && last !== undefined)
    delete (cur as Record<string, unknown>)[String(last)];
}

/** Applies ctx.fieldValidation to body (mutating it: unknown fields are removed unless Strict rejects). */
export function validateFields(kind: string, body: unknown, ctx: RequestContext): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  // A body of another kind is the registry's to refuse, with a better message than a list of unknown fields.
  const bodyKind = (body as { kind?: unknown }).kind;
  if (bodyKind !== undefined && bodyKind !== kind) return;
  enforce(knownFieldsCheck(kind, body), body, ctx);
}

/** Strategic-merge directives (`$patch`, `$setElementOrder/containers`, ...) are not fields. */
function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = withoutDirectives(v);
  return out;
}

/**
 * fieldValidation for merge and strategic-merge patches (what `kubectl edit` and `apply` send): a patch has
 * the object's shape, so its unknown fields are the ones it would add. JSON patches are left alone.
 */
export function validatePatchFields(kind: string, patch: unknown, ctx: RequestContext): void {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return;
  enforce(knownFieldsCheck(kind, withoutDirectives(patch)), patch, ctx);
}

function enforce(unknown: string[], body: unknown, ctx: RequestContext): void {
  if (!unknown.length) return;
  if (ctx.fieldValidation === 'Strict') throw errors.badRequest(strictDecodingMessage(unknown));
  if (ctx.fieldValidation !== 'Ignore')
    ctx.warnings?.push(...unknown.map((f) => `unknown field ${JSON.stringify(f)}`));
  for (const f of unknown) dropField(body, parseFieldPath(f));
}
