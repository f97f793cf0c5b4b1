// Bindings (POST pods/<name>/binding): the scheduler's decision, which must name a target Node.
import { fieldErrors, type FieldError } from '../errors';
import type { Binding } from '../types';

export function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const target = binding.target;
  if (target?.kind && target.kind !== 'Node')
    errs.push(fieldErrors.notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (!target?.name) errs.push(fieldErrors.required('target.name'));
  return errs;
}
