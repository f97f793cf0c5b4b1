// Label, selector-map and annotation rules for metadata and for every label map in a spec
// (nodeSelector, service selector, RC selector). Key and value syntax come from src/labels.
import { fieldErrors, type FieldError } from '../errors';
import { validateLabelKey, validateLabelValue } from '../../labels';
import { stringMapAt } from './shape';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateLabels: every key a qualified name, every value a label value; errors sit on the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(stringMapAt(labels, path, errs))) {
    for (const msg of validateLabelKey(k)) errs.push(fieldErrors.invalid(path, k, msg));
    for (const msg of validateLabelValue(v)) errs.push(fieldErrors.invalid(path, v, msg));
  }
  return errs;
}

/** Annotation keys are qualified names (checked lower-cased); keys plus values total at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(stringMapAt(annotations, path, errs))) {
    for (const msg of validateLabelKey(k.toLowerCase())) errs.push(fieldErrors.invalid(path, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    errs.push(fieldErrors.tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}
