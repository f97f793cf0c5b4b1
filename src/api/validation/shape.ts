// Guards for JSON that is not the shape the wire types promise. The apiserver validates decoded
// request bodies, so a string where a list belongs must come back as a field error, never a crash.
import { fieldErrors, type FieldError } from '../errors';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as a list: [] when absent, [] plus an error when it is something else. */
export function listAt<T>(value: unknown, path: string, errs: FieldError[]): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as T[];
  errs.push(fieldErrors.typeInvalid(path, value, 'must be an array'));
  return [];
}

/** The value as an object: {} when absent, {} plus an error when it is something else. */
export function objectAt<T extends object>(value: unknown, path: string, errs: FieldError[]): Partial<T> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value as Partial<T>;
  errs.push(fieldErrors.typeInvalid(path, value, 'must be an object'));
  return {};
}

/** A string map (labels, selectors): entries whose value is not a string are reported and dropped. */
export function stringMapAt(value: unknown, path: string, errs: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectAt<Record<string, unknown>>(value, path, errs))) {
    if (typeof v === 'string') out[k] = v;
    else errs.push(fieldErrors.typeInvalid(`${path}[${k}]`, v, 'must be a string'));
  }
  return out;
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
