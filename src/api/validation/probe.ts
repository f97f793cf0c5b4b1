// Liveness and readiness probes: exactly one handler (exec, httpGet, tcpSocket, grpc), a valid port,
// non-negative timings; a liveness probe must succeed once to count (successThreshold 1).
import { fieldErrors, type FieldError } from '../errors';
import { child } from './field-path';
import { NON_NEGATIVE } from './messages';
import { isValidPortName, isValidPortNum } from './names';
import { isInt, isRecord, listAt, objectAt } from './shape';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const TIMINGS = [
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
] as const;

/** A port given as a number (1–65535) or as the name of a container port (IANA_SVC_NAME). */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => fieldErrors.invalid(path, port, m));
  return isValidPortNum(port).map((m) => fieldErrors.invalid(path, port, m));
}

function validateHandler(
  name: (typeof HANDLERS)[number],
  h: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (name === 'exec') listAt(h.command, child(path, 'command'), errs);
  if (name === 'httpGet' || name === 'tcpSocket') {
    if (h.port === undefined || h.port === '') errs.push(fieldErrors.required(child(path, 'port')));
    else errs.push(...validatePortNumOrName(h.port, child(path, 'port')));
  }
  if (name === 'httpGet' && h.scheme !== undefined && h.scheme !== 'HTTP' && h.scheme !== 'HTTPS')
    errs.push(fieldErrors.notSupported(child(path, 'scheme'), h.scheme, ['HTTP', 'HTTPS']));
  return errs;
}

export function validateProbe(probe: unknown, path: string, liveness: boolean): FieldError[] {
  if (probe === undefined || probe === null) return [];
  const errs: FieldError[] = [];
  const p = objectAt<Record<string, unknown>>(probe, path, errs);
  const present = HANDLERS.filter((h) => p[h] !== undefined && p[h] !== null);
  if (present.length === 0) errs.push(fieldErrors.required(path, 'must specify a handler type'));
  present.forEach((h, i) => {
    if (i > 0)
      return errs.push(fieldErrors.forbidden(child(path, h), 'may not specify more than 1 handler type'));
    if (!isRecord(p[h])) return errs.push(fieldErrors.typeInvalid(child(path, h), p[h], 'must be an object'));
    errs.push(...validateHandler(h, p[h] as Record<string, unknown>, child(path, h)));
  });
  for (const t of TIMINGS) {
    const v = p[t];
    if (v !== undefined && (!isInt(v) || v < 0))
      errs.push(fieldErrors.invalid(child(path, t), v, NON_NEGATIVE));
  }
  if (liveness && p.successThreshold !== undefined && p.successThreshold !== 1)
    errs.push(fieldErrors.invalid(child(path, 'successThreshold'), p.successThreshold, 'must be 1'));
  return errs;
}
