// Unknown-field detection for fieldValidation=Strict|Warn, the way the apiserver's strict JSON decoder reports
// it: `strict decoding error: unknown field "spec.containers[0].imagee"`. Walks the object against the
// generated schemas: maps (labels, annotations, selectors, resources) accept any key, int-or-string and
// schema-less (preserve-unknown-fields) values are not looked into, and values of the wrong JSON type are
// left to validation.
// Every create and update runs this, so the schemas are compiled once into nodes (refs resolved, properties
// in a Map) and a path is only spelled out for a field that is reported: the walk itself builds no strings.
import { resolve, schemaForKind, type Schema } from './schemas';

/** A schema reduced to what the walk needs; shared by every place that refers to the same schema. */
interface Node {
  /** Known properties, or undefined when the object is a map (or not an object). */
  properties?: Map<string, Node>;
  /** The value schema of a map (additionalProperties). */
  values?: Node;
  items?: Node;
  /** Not looked into (preserve-unknown-fields, int-or-string). */
  opaque: boolean;
}

const compiled = new Map<Schema, Node>();

function compile(schemaIn: Schema): Node {
  const schema = resolve(schemaIn);
  let node = compiled.get(schema);
  if (node) return node;
  node = {
    opaque: !!(schema['x-kubernetes-preserve-unknown-fields'] || schema['x-kubernetes-int-or-string']),
  };
  // Registered before the children are compiled: schemas are recursive (JSONSchemaProps-like shapes).
  compiled.set(schema, node);
  if (node.opaque) return node;
  if (schema.items) node.items = compile(schema.items);
  if (schema.properties) {
    node.properties = new Map();
    for (const [k, s] of Object.entries(schema.properties)) node.properties.set(k, compile(s));
  } else if (typeof schema.additionalProperties === 'object') {
    node.values = compile(schema.additionalProperties);
  }
  return node;
}

/** The path to a value, as a chain to its parent: spelled out only for a field that is reported. */
interface Path {
  parent: Path | undefined;
  key: string | number;
}

function spell(path: Path | undefined, key: string): string {
  const parts: (string | number)[] = [key];
  for (let p = path; p; p = p.parent) parts.push(p.key);
  let out = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function walk(value: unknown, node: Node, path: Path | undefined, out: string[]): void {
  if (node.opaque || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) walk(value[i], items, { parent: path, key: i }, out);
    return;
  }
  const record = value as Record<string, unknown>;
  const { properties, values } = node;
  if (properties) {
    for (const k in record) {
      if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
      const child = properties.get(k);
      if (!child) out.push(spell(path, k));
      else if (typeof record[k] === 'object') walk(record[k], child, { parent: path, key: k }, out);
    }
  } else if (values && !values.opaque) {
    for (const k in record)
      if (Object.prototype.hasOwnProperty.call(record, k) && typeof record[k] === 'object')
        walk(record[k], values, { parent: path, key: k }, out);
  }
}

/**
 * The paths of the fields of `obj` that the schema of `kind` does not know, in document order, written as
 * the strict decoder does (`spec.foo`, `spec.containers[0].imagee`, `foo` at the top). An unknown kind
 * has no schema and reports nothing.
 */
export function knownFieldsCheck(kind: string, obj: unknown): string[] {
  const schema = schemaForKind(kind);
  if (!schema) return [];
  const out: string[] = [];
  walk(obj, compile(schema), undefined, out);
  return out;
}

/** The Status message the apiserver answers a Strict request with unknown fields. */
export function strictDecodingMessage(unknownFields: readonly string[]): string {
  return `strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`;
}
