// ObjectMeta rules shared by every kind: name or generateName, namespace scope, labels, annotations,
// finalizers on create; immutable identity (name, namespace, uid, creationTimestamp) on update.
import { fieldErrors, type FieldError } from '../errors';
import type { ObjectMeta } from '../types';
import { validateLabelKey } from '../../labels';
import { child, index } from './field-path';
import { validateAnnotations, validateLabels } from './labels';
import { FIELD_IMMUTABLE, NON_NEGATIVE } from './messages';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isPathSegmentName } from './names';
import { isInt, listAt, objectAt } from './shape';

export type NameRule = 'dns1123Subdomain' | 'dns1123Label' | 'dns1035Label' | 'path';

export interface ObjectMetaOptions {
  namespaced: boolean;
  nameRule: NameRule;
}

const NAME_CHECKS: Record<NameRule, (name: string) => string[]> = {
  dns1123Subdomain: isDNS1123Subdomain,
  dns1123Label: isDNS1123Label,
  dns1035Label: isDNS1035Label,
  path: isPathSegmentName,
};

/** Finalizers Kubernetes itself defines; any other must carry a domain prefix. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** A generateName is a prefix: a trailing dash is fine because random characters will follow it. */
function maskTrailingDash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('-') ? prefix.slice(0, -1) + 'a' : prefix;
}

export function validateNameWith(rule: NameRule, name: string): string[] {
  return NAME_CHECKS[rule](name);
}

export function validateObjectMeta(meta: unknown, opts: ObjectMetaOptions, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const m = { ...objectAt<ObjectMeta>(meta, path, errs) };
  const check = NAME_CHECKS[opts.nameRule];
  for (const f of ['name', 'generateName', 'namespace'] as const) {
    if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') {
      errs.push(fieldErrors.typeInvalid(child(path, f), m[f], 'must be a string'));
      delete m[f];
    }
  }
  if (m.generateName) {
    for (const msg of check(maskTrailingDash(m.generateName)))
      errs.push(fieldErrors.invalid(child(path, 'generateName'), m.generateName, msg));
  }
  if (!m.name) {
    if (!m.generateName)
      errs.push(fieldErrors.required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of check(m.name)) errs.push(fieldErrors.invalid(child(path, 'name'), m.name, msg));
  }
  errs.push(...validateNamespaceField(m.namespace, opts.namespaced, child(path, 'namespace')));
  if (m.generation !== undefined && (!isInt(m.generation) || m.generation < 0))
    errs.push(fieldErrors.invalid(child(path, 'generation'), m.generation, NON_NEGATIVE));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  return errs;
}

function validateNamespaceField(ns: unknown, namespaced: boolean, path: string): FieldError[] {
  if (!namespaced) return ns ? [fieldErrors.forbidden(path, 'not allowed on this type')] : [];
  if (!ns) return [fieldErrors.required(path)];
  if (typeof ns !== 'string') return [fieldErrors.typeInvalid(path, ns, 'must be a string')];
  return isDNS1123Label(ns).map((msg) => fieldErrors.invalid(path, ns, msg));
}

export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  listAt<unknown>(finalizers, path, errs).forEach((f, i) => {
    const p = index(path, i);
    if (typeof f !== 'string') return errs.push(fieldErrors.typeInvalid(p, f, 'must be a string'));
    const msgs = validateLabelKey(f);
    for (const msg of msgs) errs.push(fieldErrors.invalid(path, f, msg));
    if (!msgs.length && !f.includes('/') && !STANDARD_FINALIZERS.has(f))
      errs.push(
        fieldErrors.invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'),
      );
  });
  return errs;
}

/** Identity fields that no update may change. */
export function validateObjectMetaUpdate(meta: unknown, old: unknown, path = 'metadata'): FieldError[] {
  const n = (meta ?? {}) as ObjectMeta;
  const o = (old ?? {}) as ObjectMeta;
  const errs: FieldError[] = [];
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    // An update that leaves uid/creationTimestamp out keeps the stored ones (the registry copies them).
    if (n[f] === undefined && (f === 'uid' || f === 'creationTimestamp')) continue;
    if ((n[f] ?? '') !== (o[f] ?? ''))
      errs.push(fieldErrors.invalid(child(path, f), n[f] ?? '', FIELD_IMMUTABLE));
  }
  return errs;
}
