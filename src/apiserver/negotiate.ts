// Negotiate: what shape the client asked for. `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` means a
// meta.k8s.io/v1 Table (what `kubectl get` prints from); anything else — JSON, protobuf-then-JSON, *\/* — is
// answered with plain JSON objects.
import { errors } from '../api/errors';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** True when one of the Accept alternatives is a Table from meta.k8s.io (v1 or v1beta1; both get v1). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((alt) => {
    const params = alt.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}

export function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw errors.badRequest(
    `invalid value for query parameter includeObject: ${JSON.stringify(v)}: supported values: "None", "Metadata", "Object"`,
  );
}
