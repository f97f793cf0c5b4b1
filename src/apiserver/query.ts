// Query: reads and checks the query parameters a request may carry (URLSearchParams, so `+` is a space) and
// turns them into the registry's option objects. Bad values are 400s here, so the registry never sees them.
import { errors } from '../api/errors';
import type { ListOptions, RequestContext, WatchOptions } from '../registry/rest';

const RV = /^\d{1,19}$/;

function integer(q: URLSearchParams, name: string, min: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d{1,15}$/.test(raw) || Number(raw) < min)
    throw errors.badRequest(
      `invalid value for query parameter ${name}: ${JSON.stringify(raw)} (must be an integer >= ${min})`,
    );
  return Number(raw);
}

function resourceVersion(q: URLSearchParams): string | undefined {
  const rv = q.get('resourceVersion') ?? undefined;
  if (rv !== undefined && rv !== '' && !RV.test(rv))
    throw errors.badRequest(
      `invalid resource version: ${JSON.stringify(rv)}: must be a non-negative integer`,
    );
  return rv || undefined;
}

function bool(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null) return false;
  if (raw === '' || raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw errors.badRequest(
    `invalid value for query parameter ${name}: ${JSON.stringify(raw)} (must be true or false)`,
  );
}

export function isWatch(q: URLSearchParams): boolean {
  return bool(q, 'watch');
}

export function listOptions(q: URLSearchParams): ListOptions {
  const opts: ListOptions = {};
  const label = q.get('labelSelector');
  const field = q.get('fieldSelector');
  if (label) opts.labelSelector = label;
  if (field) opts.fieldSelector = field;
  const limit = integer(q, 'limit', 0);
  if (limit) opts.limit = limit;
  const cont = q.get('continue');
  if (cont) opts.continue = cont;
  const rv = resourceVersion(q);
  if (rv !== undefined) opts.resourceVersion = rv;
  return opts;
}

export function watchOptions(q: URLSearchParams): WatchOptions & { timeoutSeconds?: number } {
  const opts: WatchOptions & { timeoutSeconds?: number } = {};
  const label = q.get('labelSelector');
  const field = q.get('fieldSelector');
  if (label) opts.labelSelector = label;
  if (field) opts.fieldSelector = field;
  const rv = resourceVersion(q);
  if (rv !== undefined) opts.resourceVersion = rv;
  if (bool(q, 'allowWatchBookmarks')) opts.allowWatchBookmarks = true;
  const timeout = integer(q, 'timeoutSeconds', 0);
  if (timeout) opts.timeoutSeconds = timeout;
  integer(q, 'limit', 0);
  return opts;
}

type FieldValidation = NonNullable<RequestContext['fieldValidation']>;

/** The request context for writes: dryRun and fieldValidation (default Warn, as Kubernetes 1.27+). */
export function writeContext(q: URLSearchParams, namespace: string | undefined): RequestContext {
  const ctx: RequestContext = { namespace, warnings: [] };
  for (const v of q.getAll('dryRun')) {
    if (v !== 'All')
      throw errors.badRequest(`invalid dry run option ${JSON.stringify(v)}: supported values: "All"`);
    ctx.dryRun = true;
  }
  const fv = q.get('fieldValidation');
  if (fv === null || fv === '') ctx.fieldValidation = 'Warn';
  else if (fv === 'Strict' || fv === 'Warn' || fv === 'Ignore') ctx.fieldValidation = fv as FieldValidation;
  else
    throw errors.badRequest(
      `fieldValidation parameter unsupported: ${JSON.stringify(fv)}: supported values: "Ignore", "Warn", "Strict"`,
    );
  return ctx;
}

export function force(q: URLSearchParams): boolean {
  return bool(q, 'force');
}

/** DeleteOptions from the query string (gracePeriodSeconds, propagationPolicy), which the body may override. */
export function deleteQuery(q: URLSearchParams): { gracePeriodSeconds?: number; propagationPolicy?: string } {
  const out: { gracePeriodSeconds?: number; propagationPolicy?: string } = {};
  const grace = integer(q, 'gracePeriodSeconds', -1);
  if (grace !== undefined) out.gracePeriodSeconds = grace;
  const policy = q.get('propagationPolicy');
  if (policy) out.propagationPolicy = policy;
  return out;
}
