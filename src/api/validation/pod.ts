// Pods: the spec rules (volumes, containers, policies, scheduling fields), the pod template used by
// replication controllers, and what a pod update may change (images and activeDeadlineSeconds only).
import { fieldErrors, type FieldError } from '../errors';
import type { Pod, PodSpec } from '../types';
import { validateContainers, validateEnum } from './container';
import { deepEqualJSON } from './deep-equal';
import { child } from './field-path';
import { validateAnnotations, validateLabels } from './labels';
import { inclusiveRangeError, NON_NEGATIVE } from './messages';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { isInt, objectAt } from './shape';
import { validateVolumes } from './volumes';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const MAX_INT32 = 2147483647;

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateOptionalName(value: unknown, check: (s: string) => string[], path: string): FieldError[] {
  if (value === undefined || value === '') return [];
  if (typeof value !== 'string') return [fieldErrors.typeInvalid(path, value, 'must be a string')];
  return check(value).map((msg) => fieldErrors.invalid(path, value, msg));
}

export function validatePodSpec(spec: unknown, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  if (spec === undefined || spec === null) return [fieldErrors.required(child(path, 'containers'))];
  const s = objectAt<PodSpec>(spec, path, errs);
  const volumes = validateVolumes(s.volumes, child(path, 'volumes'));
  errs.push(...volumes.errs);
  errs.push(...validateContainers(s.containers, volumes.names, child(path, 'containers')));
  errs.push(...validateEnum(s.restartPolicy, RESTART_POLICIES, child(path, 'restartPolicy')));
  errs.push(...validateEnum(s.dnsPolicy, DNS_POLICIES, child(path, 'dnsPolicy')));
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  errs.push(
    ...validateOptionalName(s.serviceAccountName, isDNS1123Subdomain, child(path, 'serviceAccountName')),
  );
  errs.push(...validateOptionalName(s.nodeName, isDNS1123Subdomain, child(path, 'nodeName')));
  errs.push(...validateOptionalName(s.hostname, isDNS1123Label, child(path, 'hostname')));
  errs.push(...validateOptionalName(s.subdomain, isDNS1123Label, child(path, 'subdomain')));
  errs.push(...validateOptionalName(s.schedulerName, isDNS1123Subdomain, child(path, 'schedulerName')));
  const grace = s.terminationGracePeriodSeconds;
  if (grace !== undefined && (!isInt(grace) || grace < 0))
    errs.push(fieldErrors.invalid(child(path, 'terminationGracePeriodSeconds'), grace, NON_NEGATIVE));
  const deadline = s.activeDeadlineSeconds;
  if (deadline !== undefined && (!isInt(deadline) || deadline < 1 || deadline > MAX_INT32))
    errs.push(
      fieldErrors.invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)),
    );
  return errs;
}

export function validatePod(pod: Pod): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, { namespaced: true, nameRule: 'dns1123Subdomain' }),
    ...validatePodSpec(pod.spec),
  ];
}

/** A pod template: labels and annotations of its metadata (no name needed), and a full pod spec. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const t = objectAt<{ metadata: unknown; spec: unknown }>(template, path, errs);
  const meta = objectAt<{ labels: unknown; annotations: unknown }>(t.metadata, child(path, 'metadata'), errs);
  errs.push(...validateLabels(meta.labels, child(path, 'metadata', 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'metadata', 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(path, 'spec')));
  return errs;
}

/** The spec with everything an update may change taken from the old spec, to compare the rest. */
function mungedSpec(spec: PodSpec, old: PodSpec): PodSpec {
  const withOldImages = (
    list: PodSpec['containers'] | undefined,
    oldList: PodSpec['containers'] | undefined,
  ) => list?.map((c, i) => (oldList?.[i] ? { ...c, image: oldList[i]!.image } : c));
  return {
    ...spec,
    containers: withOldImages(spec.containers, old.containers) ?? spec.containers,
    initContainers: withOldImages(spec.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: old.tolerations,
  };
}

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePod(pod)];
  const spec = pod.spec ?? ({} as PodSpec);
  const oldSpec = old.spec ?? ({} as PodSpec);
  const newDeadline = spec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (newDeadline === undefined && oldDeadline !== undefined)
    errs.push(
      fieldErrors.invalid(
        'spec.activeDeadlineSeconds',
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  else if (newDeadline !== undefined && oldDeadline !== undefined && newDeadline > oldDeadline)
    errs.push(
      fieldErrors.invalid(
        'spec.activeDeadlineSeconds',
        newDeadline,
        'must be less than or equal to previous value',
      ),
    );
  if (!deepEqualJSON(mungedSpec(spec, oldSpec), oldSpec))
    errs.push(fieldErrors.forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}
