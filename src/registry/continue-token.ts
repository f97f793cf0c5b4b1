// The opaque `continue` token of a paged list: base64 of {v, rv, start}, as Kubernetes encodes it, so the
// next page is read at the same revision starting after the last key returned.
import { errors } from '../api/errors';

export interface ContinuePoint {
  /** Revision the first page was read at; every page reads at it. */
  revision: number;
  /** Key to start at (inclusive): the last key returned plus "\0". */
  start: string;
}

export function encodeContinue(revision: number, lastKey: string): string {
  const json = JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: `${lastKey}\u0000` });
  return Buffer.from(json).toString('base64url');
}

export function decodeContinue(token: string): ContinuePoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.badRequest(`continue key is not valid: ${token}`);
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (p?.v !== 'meta.k8s.io/v1' || typeof p.rv !== 'number' || typeof p.start !== 'string' || p.rv <= 0)
    throw errors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  return { revision: p.rv, start: p.start };
}

export const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export const continueExpired = () => errors.gone(CONTINUE_EXPIRED);
