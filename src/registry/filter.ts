// The predicate behind list, watch and deleteCollection: namespace, label selector and field selector, parsed
// once per request. Parse failures are 400s worded as Kubernetes words them.
import { errors } from '../api/errors';
import type { ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import { parseSelector, SelectorParseError, type Selector } from '../labels';
import { fieldsOf, FieldSelectorParseError, parseFieldSelector, unsupportedFieldErrors } from '../api/fields';

export type ObjectFilter = (obj: KubeObject) => boolean;

export interface FilterSpec {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

function labelSelectorOf(text: string | undefined): Selector | undefined {
  if (!text) return undefined;
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
}

function fieldFilterOf(info: ResourceInfo, text: string | undefined): ObjectFilter | undefined {
  if (!text) return undefined;
  let selector;
  try {
    selector = parseFieldSelector(text);
  } catch (e) {
    if (e instanceof FieldSelectorParseError) throw errors.badRequest(e.message);
    throw e;
  }
  const unsupported = unsupportedFieldErrors(info.resource, selector);
  if (unsupported.length) throw errors.badRequest(unsupported[0]!);
  return (obj) => selector.matches(fieldsOf(info.resource, obj));
}

export function makeFilter(info: ResourceInfo, spec: FilterSpec): ObjectFilter {
  const namespace = info.namespaced ? spec.namespace : undefined;
  const labels = labelSelectorOf(spec.labelSelector);
  const fields = fieldFilterOf(info, spec.fieldSelector);
  return (obj) =>
    (!namespace || obj.metadata?.namespace === namespace) &&
    (!labels || labels.matches(obj.metadata?.labels ?? {})) &&
    (!fields || fields(obj));
}
