// Unknown-field detection for fieldValidation=Strict|Warn, the way the apiserver's strict JSON decoder reports
// it: `strict decoding error: unknown field "spec.containers[0].imagee"`. Walks the object against the
// generated schemas: maps (labels, annotations, selectors, resources) accept any key, int-or-string and
// schema-less (preserve-unknown-fields) values are not looked into, and values of the wrong JSON type are
// left to validation.
import { resolve, schemaForKind, type Schema } from './schemas';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(value: unknown, schemaIn: Schema, path: string, out: string[]): void {
  const schema = resolve(schemaIn);
  if (schema['x-kubernetes-preserve-unknown-fields'] || schema['x-kubernetes-int-or-string']) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => walk(v, schema.items!, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (schema.properties) {
    for (const [k, v] of Object.entries(value)) {
      const prop = schema.properties[k];
      if (prop) walk(v, prop, join(k), out);
      else out.push(join(k));
    }
  } else if (isObject(schema.additionalProperties)) {
    for (const [k, v] of Object.entries(value)) walk(v, schema.additionalProperties, join(k), out);
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
  walk(obj, schema, '', out);
  return out;
}

/** The Status message the apiserver answers a Strict request with unknown fields. */
export function strictDecodingMessage(unknownFields: readonly string[]): string {
  return `strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`;
}
