// Container resource requirements: standard names, quantities that parse and are not negative, and
// requests never above limits ("must be less than or equal to cpu limit of 1").
import { fieldErrors, type FieldError } from '../errors';
import { validateLabelKey } from '../../labels';
import { ERR_FORMAT_WRONG, quantityFrom, type Quantity } from '../quantity';
import { child, key } from './field-path';
import { NON_NEGATIVE } from './messages';
import { objectAt } from './shape';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = validateLabelKey(name).map((msg) => fieldErrors.invalid(path, name, msg));
  if (errs.length) return errs;
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-'))
    errs.push(fieldErrors.invalid(path, name, 'must be a standard resource for containers'));
  return errs;
}

/** Parses a quantity field, reporting an unparsable or negative one; undefined when it is unusable. */
export function validateQuantity(value: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  let q: Quantity;
  try {
    q = quantityFrom(value);
  } catch (e) {
    errs.push(fieldErrors.invalid(path, value, e instanceof Error ? e.message : ERR_FORMAT_WRONG));
    return undefined;
  }
  if (q.sign() < 0) {
    errs.push(fieldErrors.invalid(path, q.toString(), NON_NEGATIVE));
    return undefined;
  }
  return q;
}

function quantities(map: unknown, path: string, errs: FieldError[]): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(objectAt<Record<string, unknown>>(map, path, errs))) {
    const p = key(path, name);
    errs.push(...validateResourceName(name, p));
    const q = validateQuantity(value, p, errs);
    if (q) out.set(name, q);
  }
  return out;
}

export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const r = objectAt<{ limits: unknown; requests: unknown }>(resources, path, errs);
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  const limits = quantities(r.limits, limitsPath, errs);
  const requests = quantities(r.requests, requestsPath, errs);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit && request.cmp(limit) > 0)
      errs.push(
        fieldErrors.invalid(
          requestsPath,
          request.toString(),
          `must be less than or equal to ${name} limit of ${limit.toString()}`,
        ),
      );
  }
  return errs;
}
