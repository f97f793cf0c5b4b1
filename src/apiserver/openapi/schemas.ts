// The generated component schemas (scripts/gen-openapi.ts → schemas.generated.json), imported as a module so
// the bundled build carries them, and the lookups the document and the field check need.
import generated from './schemas.generated.json';

export type Schema = {
  description?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  allOf?: Schema[];
  $ref?: string;
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [extension: string]: unknown;
};

const REF_PREFIX = '#/components/schemas/';
const all = generated as unknown as Record<string, Schema>;

export function schemas(): Record<string, Schema> {
  return all;
}

/** Follows `$ref` and single-element `allOf` wrappers to the schema they name. */
export function resolve(schema: Schema): Schema {
  let s = schema;
  for (let depth = 0; depth < 8; depth++) {
    if (s.$ref) s = schemas()[s.$ref.slice(REF_PREFIX.length)] ?? {};
    else if (s.allOf?.length === 1) s = s.allOf[0]!;
    else break;
  }
  return s;
}

let byKind: Map<string, Schema> | undefined;

/** The schema of a top-level kind ("Pod", "Scale"), found by its x-kubernetes-group-version-kind. */
export function schemaForKind(kind: string): Schema | undefined {
  if (!byKind) {
    byKind = new Map();
    for (const s of Object.values(schemas()))
      for (const g of s['x-kubernetes-group-version-kind'] ?? [])
        if (!byKind.has(g.kind)) byKind.set(g.kind, s);
  }
  return byKind.get(kind);
}
