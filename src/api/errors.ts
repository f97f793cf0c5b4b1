// The one error catalogue (STYLE.md rule 12): StatusError carries a Kubernetes Status (reason, code,
// details with causes); FieldError is one validation failure with its field path, worded as Kubernetes does.
// Backends, the registry, the apiserver and the client all speak these; nothing else is thrown across layers.
import type { Status, StatusCause } from 'kubernetes-types/meta/v1';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

/** Types whose message does not repeat the offending value (as in k8s.io/apimachinery field.Error). */
const OMIT_VALUE = new Set<FieldErrorType>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** Renders a value the way Go's %#v does for the simple values that appear in validation errors. */
export function formatBadValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  const json = JSON.stringify(value);
  return json.length > 100 ? json.slice(0, 97) + '...' : json;
}

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue?: unknown,
    readonly detail = '',
  ) {}

  /** The message without the field: `Invalid value: "Foo_1": a lowercase RFC 1123 ...`. */
  body(): string {
    let s = TYPE_TEXT[this.type];
    if (!OMIT_VALUE.has(this.type) && this.badValue !== undefined) s += `: ${formatBadValue(this.badValue)}`;
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  toString(): string {
    return this.field ? `${this.field}: ${this.body()}` : this.body();
  }
}

export const fieldErrors = {
  required: (field: string, detail = '') => new FieldError('FieldValueRequired', field, undefined, detail),
  invalid: (field: string, value: unknown, detail: string) =>
    new FieldError('FieldValueInvalid', field, value, detail),
  duplicate: (field: string, value: unknown) => new FieldError('FieldValueDuplicate', field, value),
  notFound: (field: string, value: unknown) => new FieldError('FieldValueNotFound', field, value),
  forbidden: (field: string, detail: string) =>
    new FieldError('FieldValueForbidden', field, undefined, detail),
  tooLong: (field: string, value: unknown, max: number) =>
    new FieldError('FieldValueTooLong', field, value, `may not be more than ${max} bytes`),
  tooMany: (field: string, actual: number, max: number) =>
    new FieldError('FieldValueTooMany', field, actual, `must have at most ${max} items`),
  notSupported: (field: string, value: unknown, supported: readonly string[]) =>
    new FieldError(
      'FieldValueNotSupported',
      field,
      value,
      supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '',
    ),
  typeInvalid: (field: string, value: unknown, detail: string) =>
    new FieldError('FieldValueTypeInvalid', field, value, detail),
};

/** Joins field errors the way Go's utilerrors.Aggregate prints them. */
export function aggregate(errs: readonly FieldError[]): string {
  if (errs.length === 1) return errs[0]!.toString();
  return `[${errs.map((e) => e.toString()).join(', ')}]`;
}

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'ServerTimeout'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'InternalError'
  | 'Unknown';

export interface StatusDetailsInit {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** An API error: what the server answers and what the client throws. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetailsInit,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = { ...this.details };
    return status;
  }

  /** Rebuilds the error from a Status body received over the wire. */
  static fromStatus(status: Status, httpCode?: number): StatusError {
    const code = status.code ?? httpCode ?? 500;
    return new StatusError(
      code,
      (status.reason as StatusReason) || reasonForCode(code),
      status.message ?? `the server responded with status ${code}`,
      status.details as StatusDetailsInit | undefined,
    );
  }
}

export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

/** Constructors with Kubernetes' wording. `resource` is the plural lower-case name ("pods"). */
export const errors = {
  notFound: (resource: string, name: string) =>
    new StatusError(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }),
  alreadyExists: (resource: string, name: string) =>
    new StatusError(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource }),
  conflict: (
    resource: string,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ) =>
    new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, {
      name,
      kind: resource,
    }),
  /** `kind` is the Kind ("Pod"): `Pod "x" is invalid: [...]`. */
  invalid: (kind: string, name: string, errs: readonly FieldError[]) =>
    new StatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${aggregate(errs)}`, {
      name,
      kind,
      causes: errs.map((e) => ({ reason: e.type, message: e.body(), field: e.field })),
    }),
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  unauthorized: (message = 'Unauthorized') => new StatusError(401, 'Unauthorized', message),
  forbidden: (message: string) => new StatusError(403, 'Forbidden', message),
  methodNotAllowed: (message: string) => new StatusError(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => new StatusError(406, 'NotAcceptable', message),
  gone: (message: string) => new StatusError(410, 'Expired', message),
  tooLarge: (message = 'Request entity too large: limit is 3145728') =>
    new StatusError(413, 'RequestEntityTooLarge', message),
  unsupportedMediaType: (contentType: string) =>
    new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${JSON.stringify(contentType)})`,
    ),
  tooManyRequests: (message: string, retryAfterSeconds = 1) =>
    new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds }),
  timeout: (message: string) => new StatusError(504, 'Timeout', message),
  unavailable: (message: string) => new StatusError(503, 'ServiceUnavailable', message),
  internal: (message: string) => new StatusError(500, 'InternalError', `Internal error occurred: ${message}`),
};

const has = (reason: StatusReason) => (e: unknown) => e instanceof StatusError && e.reason === reason;
export const isNotFound = has('NotFound');
export const isAlreadyExists = has('AlreadyExists');
export const isConflict = has('Conflict');
export const isInvalid = has('Invalid');
export const isGone = (e: unknown) => e instanceof StatusError && e.code === 410;
