// JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers (RFC 6901), applied in
// order to a copy; the first failing operation aborts the whole patch. Errors read like evanphx/json-patch,
// the library behind the Kubernetes apiserver: malformed patches are 400, operations that do not apply 422.
import { StatusError, errors } from '../errors';
import { deepCopy, deepEqual, isObject, type JsonObject } from './json-value';

type Op = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OPS = new Set<string>(['add', 'remove', 'replace', 'move', 'copy', 'test']);

interface Operation {
  op: Op;
  path: string;
  from?: string;
  value?: unknown;
  hasValue: boolean;
}

function notApplicable(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

/** Parses the patch document; anything that is not a list of well-formed operations is a 400. */
function parseOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw errors.badRequest('json patch must be a JSON array of operations');
  }
  return patch.map((raw, i) => {
    if (!isObject(raw)) throw errors.badRequest(`json patch operation ${i} is not a JSON object`);
    const op = raw.op;
    if (typeof op !== 'string' || !OPS.has(op)) throw errors.badRequest(`Unexpected kind: ${String(op)}`);
    if (typeof raw.path !== 'string') throw errors.badRequest(`${op} operation missing path`);
    const from = raw.from;
    if ((op === 'move' || op === 'copy') && typeof from !== 'string') {
      throw errors.badRequest(`${op} operation missing from`);
    }
    const hasValue = Object.prototype.hasOwnProperty.call(raw, 'value');
    if ((op === 'add' || op === 'replace' || op === 'test') && !hasValue) {
      throw errors.badRequest(`${op} operation missing value`);
    }
    return { op: op as Op, path: raw.path, from: from as string | undefined, value: raw.value, hasValue };
  });
}

/** RFC 6901: "/a~1b/~0c" → ["a/b", "~c"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw errors.badRequest(`JSON pointer must be empty or start with a "/": ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An array index token: digits without leading zeros; `-` (one past the end) only where `allowEnd`. */
function arrayIndex(arr: unknown[], token: string, allowEnd: boolean): number | undefined {
  if (token === '-') return allowEnd ? arr.length : undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < arr.length || (allowEnd && i === arr.length) ? i : undefined;
}

/** Walks to the parent of the pointer's last token; undefined when some step is missing. */
function parentOf(doc: unknown, tokens: string[]): unknown {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(cur, t, false);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) {
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  return Array.isArray(cur) || isObject(cur) ? cur : undefined;
}

class Document {
  constructor(public root: unknown) {}

  get(pointer: string, op: string): unknown {
    const tokens = parsePointer(pointer);
    if (tokens.length === 0) return this.root;
    const parent = parentOf(this.root, tokens);
    const last = tokens[tokens.length - 1]!;
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, last, false);
      if (i !== undefined) return parent[i];
    } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
      return parent[last];
    }
    throw missing(op, pointer);
  }

  add(pointer: string, value: unknown, op = 'add'): void {
    const tokens = parsePointer(pointer);
    if (tokens.length === 0) {
      this.root = value;
      return;
    }
    const parent = parentOf(this.root, tokens);
    const last = tokens[tokens.length - 1]!;
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, last, true);
      if (i === undefined)
        throw notApplicable(`${op} operation does not apply: index out of range: ${JSON.stringify(pointer)}`);
      parent.splice(i, 0, value);
    } else if (isObject(parent)) {
      parent[last] = value;
    } else {
      throw missing(op, pointer);
    }
  }

  remove(pointer: string, op = 'remove'): unknown {
    const tokens = parsePointer(pointer);
    if (tokens.length === 0)
      throw notApplicable(`${op} operation does not apply: cannot remove the whole document`);
    const parent = parentOf(this.root, tokens);
    const last = tokens[tokens.length - 1]!;
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, last, false);
      if (i !== undefined) return parent.splice(i, 1)[0];
    } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
      const old = parent[last];
      delete parent[last];
      return old;
    }
    throw missing(op, pointer);
  }
}

function missing(op: string, pointer: string): StatusError {
  return notApplicable(`${op} operation does not apply: doc is missing path: ${JSON.stringify(pointer)}`);
}

/** Applies an RFC 6902 patch to a copy of `original` and returns the copy. */
export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  const ops = parseOperations(patch);
  const doc = new Document(deepCopy(original));
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        doc.add(o.path, deepCopy(o.value));
        break;
      case 'remove':
        doc.remove(o.path);
        break;
      case 'replace':
        doc.get(o.path, 'replace');
        if (o.path === '') doc.root = deepCopy(o.value);
        else {
          doc.remove(o.path, 'replace');
          doc.add(o.path, deepCopy(o.value), 'replace');
        }
        break;
      case 'move': {
        if (o.path.startsWith(o.from! + '/')) {
          throw notApplicable(
            `move operation does not apply: cannot move ${JSON.stringify(o.from)} into its own child ${JSON.stringify(o.path)}`,
          );
        }
        const v = doc.remove(o.from!, 'move');
        doc.add(o.path, v, 'move');
        break;
      }
      case 'copy':
        doc.add(o.path, deepCopy(doc.get(o.from!, 'copy')), 'copy');
        break;
      case 'test': {
        const actual = doc.get(o.path, 'test');
        if (!deepEqual(actual, o.value)) {
          throw notApplicable(
            `jsonpatch test operation does not apply: is: ${JSON.stringify(actual)}, expected: ${JSON.stringify(o.value)} at ${JSON.stringify(o.path)}`,
          );
        }
        break;
      }
    }
  }
  return doc.root;
}

export type { JsonObject };
