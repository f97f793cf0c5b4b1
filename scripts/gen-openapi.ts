// Generates src/apiserver/openapi/schemas.generated.json: the OpenAPI v3 `components.schemas` of every type
// reachable from the kinds k8ts serves, read from the documented declarations of the kubernetes-types
// package with the TypeScript compiler API. JSDoc becomes `description`, optional-ness becomes `required`,
// `number | string` becomes IntOrString, and interfaces whose `kind`/`apiVersion` are literals get their
// `x-kubernetes-group-version-kind`. Names and shapes follow the real apiserver's /openapi/v3/api/v1
// (`io.k8s.api.core.v1.Pod`, properties that reference a type as `allOf: [{$ref}]`).
//
// Run after upgrading kubernetes-types:  npx tsx scripts/gen-openapi.ts
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import prettier from 'prettier';
import ts from 'typescript';

type Schema = Record<string, unknown>;

const require = createRequire(import.meta.url);
const TYPES_DIR = path.dirname(require.resolve('kubernetes-types/package.json'));
const OUT = path.join(import.meta.dirname, '../src/apiserver/openapi/schemas.generated.json');

/** Declaration files read, by module path inside kubernetes-types, with their schema name prefix. */
const MODULES: Record<string, string> = {
  'core/v1': 'io.k8s.api.core.v1.',
  'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1.',
  'autoscaling/v1': 'io.k8s.api.autoscaling.v1.',
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource.',
  runtime: 'io.k8s.apimachinery.pkg.runtime.',
};

/** The kinds served (plus their lists and the Status every error returns): the roots of reachability. */
const ROOTS = [
  ...['Pod', 'Service', 'ReplicationController', 'Endpoints', 'Event', 'Node', 'Namespace'].flatMap((k) => [
    `io.k8s.api.core.v1.${k}`,
    `io.k8s.api.core.v1.${k}List`,
  ]),
  'io.k8s.api.core.v1.Binding',
  'io.k8s.api.autoscaling.v1.Scale',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
];

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Fields Kubernetes declares int64; every other integer is int32. */
const INT64 = new Set([
  'generation',
  'observedGeneration',
  'deletionGracePeriodSeconds',
  'activeDeadlineSeconds',
  'terminationGracePeriodSeconds',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
  'supplementalGroups',
  'expirationSeconds',
  'tolerationSeconds',
  'remainingItemCount',
  'gracePeriodSeconds',
]);

/** Named declarations in every module: qualified name → declaration node. */
const declarations = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
/** Per module: local or imported name → qualified name. */
const scopes = new Map<string, Map<string, string>>();

function loadModule(mod: string): void {
  const file = path.join(TYPES_DIR, `${mod}.d.ts`);
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.Latest, true);
  const scope = new Map<string, string>();
  scopes.set(mod, scope);
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const from = path.posix.join(path.posix.dirname(mod), stmt.moduleSpecifier.text);
      const bindings = stmt.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) scope.set(el.name.text, MODULES[from] + el.name.text);
      }
    } else if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) {
      const qualified = MODULES[mod] + stmt.name.text;
      scope.set(stmt.name.text, qualified);
      declarations.set(qualified, stmt);
    }
  }
}

function docOf(node: ts.Node): string | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const text = docs
    ?.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n\n')
    .trim();
  return text || undefined;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

class Generator {
  readonly schemas: Record<string, Schema> = {};
  private pending: string[] = [];

  constructor(roots: string[]) {
    this.pending.push(...roots);
  }

  run(): Record<string, Schema> {
    for (let name = this.pending.pop(); name; name = this.pending.pop()) {
      if (this.schemas[name]) continue;
      if (name === INT_OR_STRING) {
        this.schemas[name] = {
          description:
            'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
          // No top-level `type` (as in Kubernetes' v3 documents), so `kubectl explain` prints <IntOrString>.
          oneOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        };
        continue;
      }
      const decl = declarations.get(name);
      if (!decl) throw new Error(`gen-openapi: no declaration for ${name}`);
      this.schemas[name] = this.declaration(name, decl);
    }
    return Object.fromEntries(Object.entries(this.schemas).sort(([a], [b]) => a.localeCompare(b)));
  }

  private use(name: string): Schema {
    this.pending.push(name);
    return ref(name);
  }

  private declaration(name: string, decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): Schema {
    const mod = Object.keys(MODULES).find((m) => name.startsWith(MODULES[m]!))!;
    const description = docOf(decl);
    if (ts.isTypeAliasDeclaration(decl)) {
      const s: Schema = { ...this.type(decl.type, mod, decl.name.text), ...(description && { description }) };
      if (decl.name.text === 'Time' || decl.name.text === 'MicroTime') s.format = 'date-time';
      if (decl.name.text === 'Quantity') {
        // A string on the wire (numbers are accepted on input); no top-level `type`, so explain prints <Quantity>.
        delete s.type;
        s.oneOf = [{ type: 'string' }, { type: 'number' }];
      }
      return s;
    }
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    let kind: string | undefined;
    let apiVersion: string | undefined;
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type || !ts.isIdentifier(m.name)) continue;
      const field = m.name.text;
      const fieldDoc = docOf(m);
      const t = this.type(m.type, mod, field);
      properties[field] = t.$ref
        ? { allOf: [t], ...(fieldDoc && { description: fieldDoc }) }
        : { ...t, ...(fieldDoc && { description: fieldDoc }) };
      if (!m.questionToken) required.push(field);
      const literal =
        ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal) ? m.type.literal.text : undefined;
      if (field === 'kind') kind = literal;
      if (field === 'apiVersion') apiVersion = literal;
    }
    const s: Schema = { ...(description && { description }), type: 'object', properties };
    if (required.length) s.required = required.sort();
    if (decl.members.length === 0) s['x-kubernetes-preserve-unknown-fields'] = true;
    if (name === 'io.k8s.apimachinery.pkg.apis.meta.v1.Status') {
      kind = 'Status';
      apiVersion = 'v1';
    }
    if (kind && apiVersion) {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      s['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
    }
    return s;
  }

  /** The schema of a type node; `field` picks integer formats. References are queued for generation. */
  private type(node: ts.TypeNode, mod: string, field: string): Schema {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'integer', format: INT64.has(field) ? 'int64' : 'int32' };
    }
    if (ts.isLiteralTypeNode(node)) return { type: ts.isStringLiteral(node.literal) ? 'string' : 'integer' };
    if (ts.isUnionTypeNode(node)) {
      const kinds = node.types.map((t) => t.kind).sort();
      if (
        kinds.length === 2 &&
        kinds.includes(ts.SyntaxKind.NumberKeyword) &&
        kinds.includes(ts.SyntaxKind.StringKeyword)
      ) {
        return this.use(INT_OR_STRING);
      }
      throw new Error(`gen-openapi: unsupported union in ${field}: ${node.getText()}`);
    }
    const element = ts.isArrayTypeNode(node)
      ? node.elementType
      : ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Array'
        ? node.typeArguments?.[0]
        : undefined;
    if (element) {
      const items = this.type(element, mod, field);
      return { type: 'array', items: items.$ref ? { allOf: [items], default: {} } : items };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (!index) throw new Error(`gen-openapi: unsupported type literal in ${field}`);
      const values = this.type(index.type, mod, field);
      return {
        type: 'object',
        additionalProperties: values.$ref ? { allOf: [values], default: {} } : values,
      };
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const qualified = scopes.get(mod)?.get(node.typeName.text);
      if (!qualified) throw new Error(`gen-openapi: unknown type ${node.typeName.text} in ${mod}`);
      return this.use(qualified);
    }
    throw new Error(`gen-openapi: unsupported type for ${field}: ${node.getText()}`);
  }
}

for (const mod of Object.keys(MODULES)) loadModule(mod);
const schemas = new Generator(ROOTS).run();
// Formatted like the rest of the tree, so `prettier --check` passes and regenerating gives no diff.
writeFileSync(
  OUT,
  await prettier.format(JSON.stringify(schemas), { ...(await prettier.resolveConfig(OUT)), parser: 'json' }),
);
console.log(`gen-openapi: ${Object.keys(schemas).length} schemas → ${path.relative(process.cwd(), OUT)}`);
