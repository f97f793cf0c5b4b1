// The OpenAPI v3 documents kubectl fetches before create/apply/replace/edit (`--validate=strict`, the
// default) and for `explain`: GET /openapi/v3 lists one group-version with a hash-pinned URL, and
// GET /openapi/v3/api/v1 carries one PATCH operation per kind with its x-kubernetes-group-version-kind and a
// `fieldValidation` parameter (which makes kubectl leave validation to the server), plus the schemas.
// PATCH operations deliberately declare no requestBody content: kubectl then uses its compiled-in
// strategic merge metadata instead of looking for it in these schemas.
import { createHash } from 'node:crypto';
import { RESOURCES } from '../../api/resources';
import { schemas } from './schemas';

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const QUERY_PARAMS = [
  {
    name: 'dryRun',
    in: 'query',
    description:
      'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
    schema: { type: 'string' },
    uniqueItems: true,
  },
  {
    name: 'fieldManager',
    in: 'query',
    description: 'fieldManager is a name associated with the actor or entity that is making these changes.',
    schema: { type: 'string' },
    uniqueItems: true,
  },
  {
    name: 'fieldValidation',
    in: 'query',
    description:
      'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.',
    schema: { type: 'string' },
    uniqueItems: true,
  },
  {
    name: 'force',
    in: 'query',
    description:
      'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
    schema: { type: 'boolean' },
    uniqueItems: true,
  },
];

function patchOperation(gvk: Gvk, namespaced: boolean, schemaName: string): Record<string, unknown> {
  const group = gvk.group ? gvk.group[0]!.toUpperCase() + gvk.group.slice(1) : 'Core';
  const version = gvk.version[0]!.toUpperCase() + gvk.version.slice(1);
  return {
    patch: {
      tags: [`${gvk.group || 'core'}_${gvk.version}`],
      description: `partially update the specified ${gvk.kind}`,
      operationId: `patch${group}${version}${namespaced ? 'Namespaced' : ''}${gvk.kind}`,
      parameters: QUERY_PARAMS,
      responses: {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } },
        },
        '401': { description: 'Unauthorized' },
      },
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
    },
  };
}

function buildPaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES) {
    const path = r.namespaced
      ? `/api/v1/namespaces/{namespace}/${r.resource}/{name}`
      : `/api/v1/${r.resource}/{name}`;
    paths[path] = patchOperation(
      { group: '', version: 'v1', kind: r.kind },
      r.namespaced,
      `io.k8s.api.core.v1.${r.kind}`,
    );
  }
  paths['/api/v1/namespaces/{namespace}/bindings/{name}'] = patchOperation(
    { group: '', version: 'v1', kind: 'Binding' },
    true,
    'io.k8s.api.core.v1.Binding',
  );
  paths['/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale'] = patchOperation(
    { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    true,
    'io.k8s.api.autoscaling.v1.Scale',
  );
  return paths;
}
let coreV1: { doc: object; hash: string } | undefined;

function core(): { doc: object; hash: string } {
  if (!coreV1) {
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths: buildPaths(),
      components: { schemas: schemas() },
    };
    const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
    coreV1 = { doc, hash };
  }
  return coreV1;
}

/** GET /openapi/v3: the group-versions with their documents' URLs, pinned by content hash. */
export function openApiV3Root(): object {
  return { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${core().hash}` } } };
}

/** GET /openapi/v3/api/v1 (built once; the same object is returned every time). */
export function openApiV3CoreV1(): object {
  return core().doc;
}
