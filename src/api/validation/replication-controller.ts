// Replication controllers: replicas ≥ 0, a non-empty selector that matches the template's labels, and
// a template whose pods always restart (a controller replaces pods; it never lets them finish).
import { fieldErrors, type FieldError } from '../errors';
import type { ReplicationController, ReplicationControllerSpec } from '../types';
import { child } from './field-path';
import { validateLabels } from './labels';
import { NON_NEGATIVE } from './messages';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validatePodTemplateSpec } from './pod';
import { isInt, isRecord, objectAt, stringMapAt } from './shape';

function selectorMatches(selector: Record<string, string>, labels: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function validateReplicationControllerSpec(spec: unknown, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const s = objectAt<ReplicationControllerSpec>(spec, path, errs);
  const replicas = s.replicas;
  if (replicas !== undefined && (!isInt(replicas) || replicas < 0))
    errs.push(fieldErrors.invalid(child(path, 'replicas'), replicas, NON_NEGATIVE));
  if (s.minReadySeconds !== undefined && (!isInt(s.minReadySeconds) || s.minReadySeconds < 0))
    errs.push(fieldErrors.invalid(child(path, 'minReadySeconds'), s.minReadySeconds, NON_NEGATIVE));
  const selectorPath = child(path, 'selector');
  const selector = stringMapAt(s.selector, selectorPath, errs);
  if (Object.keys(selector).length === 0) errs.push(fieldErrors.required(selectorPath));
  errs.push(...validateLabels(s.selector, selectorPath).filter((e) => e.type !== 'FieldValueTypeInvalid'));
  const templatePath = child(path, 'template');
  if (!s.template) return [...errs, fieldErrors.required(templatePath)];
  const labels = isRecord(s.template.metadata?.labels) ? s.template.metadata.labels : {};
  if (Object.keys(selector).length && !selectorMatches(selector, labels))
    errs.push(
      fieldErrors.invalid(
        child(templatePath, 'metadata', 'labels'),
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodTemplateSpec(s.template, templatePath));
  const restart = s.template.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always')
    errs.push(fieldErrors.notSupported(child(templatePath, 'spec', 'restartPolicy'), restart, ['Always']));
  if (s.template.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      fieldErrors.forbidden(
        child(templatePath, 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  return errs;
}

export function validateReplicationController(rc: ReplicationController): FieldError[] {
  return [
    ...validateObjectMeta(rc.metadata, { namespaced: true, nameRule: 'dns1123Subdomain' }),
    ...validateReplicationControllerSpec(rc.spec),
  ];
}

/** The selector may change on update; the rules above (it must still match the template) still hold. */
export function validateReplicationControllerUpdate(
  rc: ReplicationController,
  old: ReplicationController,
): FieldError[] {
  return [...validateObjectMetaUpdate(rc.metadata, old.metadata), ...validateReplicationController(rc)];
}
