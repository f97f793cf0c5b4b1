// Shared by the static sources: manifest text → this node's static pods, and any failure → a StatusError
// worded for the user, so every source reports errors the same way.
import { errors, StatusError } from '../../api/errors';
import { parseManifests } from '../../api/legacy';
import type { Pod } from '../../api/types';
import { toStaticPod } from './static-pod';
import type { SourceError } from './types';

/** Parses every manifest in `text` (throws a StatusError naming `origin` for the first bad one). */
export function staticPodsFrom(text: string, origin: string, source: string, nodeName: string): Pod[] {
  return parseManifests(text, origin).map((pod) => toStaticPod(pod, source, nodeName));
}

/** Any thrown value as a StatusError; one that is not already an API error becomes a 500 naming `origin`. */
export function asStatusError(e: unknown, origin: string): StatusError {
  if (e instanceof StatusError) return e;
  return errors.internal(`${origin}: ${e instanceof Error ? e.message : String(e)}`);
}

export function sourceError(source: string, origin: string, e: unknown): SourceError {
  return { source, origin, error: asStatusError(e, origin) };
}
