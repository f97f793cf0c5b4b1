// One place that runs every check on an object about to be stored: src/api validation plus the strategy's
// own rules. A non-empty result becomes a 422 Invalid naming the kind and object.
import { errors } from '../api/errors';
import type { KubeObject } from '../api/types';
import { validateObject, validateObjectUpdate } from '../api/validation';
import type { Strategy } from './strategy';

export function checkCreate(strategy: Strategy, obj: KubeObject): void {
  const errs = [...validateObject(strategy.info.kind, obj), ...strategy.validate(obj)];
  if (errs.length) throw errors.invalid(strategy.info.kind, obj.metadata?.name ?? '', errs);
}

export function checkUpdate(strategy: Strategy, obj: KubeObject, old: KubeObject): void {
  const kind = strategy.info.kind;
  const errs = [
    ...validateObjectUpdate(kind, obj, old),
    ...strategy.validate(obj),
    ...strategy.validateUpdate(obj, old),
  ];
  if (errs.length) throw errors.invalid(kind, obj.metadata?.name ?? '', errs);
}
