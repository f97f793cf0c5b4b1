// One place that runs every check on an object about to be stored: src/api validation plus the strategy's
// own rules. A non-empty result becomes a 422 Invalid naming the kind and object.
import { errors, StatusError } from '../api/errors';
import type { KubeObject } from '../api/types';
import { validateObject, validateObjectUpdate } from '../api/validation';
import type { Strategy } from './strategy';

/**
 * Runs defaulting or validation code that trusts the wire types' shape. A body that breaks it (a string
 * where a list of objects belongs) is the client's error, answered 400 with Kubernetes' decoding wording,
 * never a 500.
 */
export function asDecodable<T>(kind: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof StatusError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw errors.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${why}`);
  }
}

export function checkCreate(strategy: Strategy, obj: KubeObject): void {
  const kind = strategy.info.kind;
  const errs = asDecodable(kind, () => [...validateObject(kind, obj), ...strategy.validate(obj)]);
  if (errs.length) throw errors.invalid(strategy.info.kind, obj.metadata?.name ?? '', errs);
}

export function checkUpdate(strategy: Strategy, obj: KubeObject, old: KubeObject): void {
  const kind = strategy.info.kind;
  const errs = asDecodable(kind, () => [
    ...validateObjectUpdate(kind, obj, old),
    ...strategy.validate(obj),
    ...strategy.validateUpdate(obj, old),
  ]);
  if (errs.length) throw errors.invalid(kind, obj.metadata?.name ?? '', errs);
}
