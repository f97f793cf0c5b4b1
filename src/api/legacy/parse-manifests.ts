// parseManifests: the text of a manifest file or URL → v1 Pods. Accepts YAML or JSON, one document
// or several (`---`), a YAML list, or a v1 List/PodList; each entry a 2014 ContainerManifest (has
// `version`) or a v1 Pod. Every error names the source and the document (and item) it came from.
import { errors, StatusError } from '../errors';
import type { Pod } from '../types';
import { applyDefaults } from '../defaults';
import { validatePod } from '../validation';
import { isRecord } from '../validation/shape';
import { containerManifestToPod, MANIFEST_NAMESPACE } from './container-manifest';
import { decodeYamlDocuments } from '../yaml';

/** A v1 Pod from a file: defaulted, put in "default" when it names no namespace, validated. */
export function v1PodFromManifest(obj: Record<string, unknown>): Pod {
  const pod = structuredClone(obj) as Pod;
  pod.metadata ??= {};
  pod.metadata.namespace ||= MANIFEST_NAMESPACE;
  applyDefaults('Pod', pod as never);
  const errs = validatePod(pod);
  if (errs.length) throw errors.invalid('Pod', pod.metadata.name ?? '', errs);
  return pod;
}

function toPod(entry: unknown): Pod {
  if (isRecord(entry) && entry.version !== undefined && entry.apiVersion === undefined)
    return containerManifestToPod(entry);
  if (isRecord(entry) && entry.apiVersion === 'v1' && entry.kind === 'Pod') return v1PodFromManifest(entry);
  const what = isRecord(entry)
    ? `apiVersion ${JSON.stringify(entry.apiVersion ?? '')}, kind ${JSON.stringify(entry.kind ?? '')}`
    : `a ${Array.isArray(entry) ? 'nested list' : typeof entry}`;
  throw errors.badRequest(
    `expected a v1beta1 ContainerManifest (with "version") or a v1 Pod (apiVersion "v1", kind "Pod"), got ${what}`,
  );
}

/** The entries of one document: itself, or the members of a YAML list or v1 List/PodList. */
function entriesOf(value: unknown): { entries: unknown[]; isList: boolean } {
  if (Array.isArray(value)) return { entries: value, isList: true };
  if (isRecord(value) && (value.kind === 'List' || value.kind === 'PodList') && Array.isArray(value.items))
    return { entries: value.items, isList: true };
  return { entries: [value], isList: false };
}

function located(where: string, e: unknown): StatusError {
  if (e instanceof StatusError) return new StatusError(e.code, e.reason, `${where}: ${e.message}`, e.details);
  return errors.badRequest(`${where}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Parses every pod in `text`. `source` (a path or URL) only labels errors. Throws a StatusError
 * (400 for unreadable text or an unknown kind, 422 for an invalid manifest) for the first bad entry:
 * a kubelet should not run half of a file it cannot read.
 */
export function parseManifests(text: string, source: string): Pod[] {
  const pods: Pod[] = [];
  let values: unknown[];
  try {
    values = decodeYamlDocuments(text);
  } catch (e) {
    throw errors.badRequest(`${source}: ${(e as Error).message.split('\n')[0]}`);
  }
  values.forEach((value, d) => {
    const where = `${source}: document ${d + 1}`;
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    const { entries, isList } = entriesOf(value);
    entries.forEach((entry, i) => {
      try {
        pods.push(toPod(entry));
      } catch (e) {
        throw located(isList ? `${where}, item ${i + 1}` : where, e);
      }
    });
  });
  return pods;
}
