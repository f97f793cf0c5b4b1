// validation: Kubernetes' rules for every kind k8ts serves, as pure functions returning FieldError[]
// ([] = valid) with Kubernetes' field paths and wording (`metadata.name: Invalid value: ...`).
// Objects are validated AFTER defaulting (src/api/defaults), as the apiserver does: a missing
// restartPolicy, protocol or imagePullPolicy is "Required value" here because defaulting fills it.
// The registry calls validateObject / validateObjectUpdate and turns errors into a 422 with
// errors.invalid(kind, name, errs). Deliberate differences from Kubernetes: endpoint addresses may be
// loopback (k8ts runs real backends on 127.0.0.0/8 in tests), and an update that leaves a service's
// clusterIP empty is accepted (the registry carries the allocated one over).
export { validateObject, validateObjectUpdate, VALIDATED_KINDS } from './object';
export { validateObjectMeta, validateObjectMetaUpdate, validateNameWith } from './meta';
export type { NameRule, ObjectMetaOptions } from './meta';
export { validateLabels, validateAnnotations, TOTAL_ANNOTATION_SIZE_LIMIT } from './labels';
export {
  validatePod,
  validatePodSpec,
  validatePodTemplateSpec,
  validatePodUpdate,
  POD_UPDATE_FORBIDDEN,
} from './pod';
export { validateService, validateServiceSpec, validateServiceUpdate } from './service';
export {
  validateReplicationController,
  validateReplicationControllerSpec,
  validateReplicationControllerUpdate,
} from './replication-controller';
export { validateNamespace, validateNamespaceUpdate } from './namespace';
export { validateNode, validateNodeUpdate } from './node';
export { validateEndpoints, validateEndpointsUpdate } from './endpoints';
export { validateEvent, validateEventUpdate } from './event';
export { validateBinding } from './binding';
export { validateResourceRequirements } from './resources';
export {
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1035Label,
  isValidPortName,
  isValidPortNum,
  isEnvVarName,
  isPathSegmentName,
} from './names';
export { isValidIP, isValidCIDR } from './ip';
export { FIELD_IMMUTABLE } from './messages';
