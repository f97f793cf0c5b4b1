// Namespaces: cluster-scoped, DNS-1123 label names, finalizers that are standard or domain-qualified.
import { fieldErrors, type FieldError } from '../errors';
import type { Namespace } from '../types';
import { validateFinalizers, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { objectAt } from './shape';

const PHASES = ['Active', 'Terminating'];

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameRule: 'dns1123Label' });
  const spec = objectAt<{ finalizers: unknown }>(ns.spec, 'spec', errs);
  errs.push(...validateFinalizers(spec.finalizers, 'spec.finalizers'));
  const phase = ns.status?.phase;
  if (phase !== undefined && !PHASES.includes(phase))
    errs.push(fieldErrors.notSupported('status.phase', phase, PHASES));
  return errs;
}

export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return [...validateObjectMetaUpdate(ns.metadata, old.metadata), ...validateNamespace(ns)];
}
