// Dispatch by kind: what the registry calls before it stores anything (create and update).
import { fieldErrors, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { validateBinding } from './binding';
import { validateEndpoints, validateEndpointsUpdate } from './endpoints';
import { validateEvent, validateEventUpdate } from './event';
import { validateNamespace, validateNamespaceUpdate } from './namespace';
import { validateNode, validateNodeUpdate } from './node';
import { validatePod, validatePodUpdate } from './pod';
import { validateReplicationController, validateReplicationControllerUpdate } from './replication-controller';
import { validateService, validateServiceUpdate } from './service';

type Check = (obj: any) => FieldError[];
type UpdateCheck = (obj: any, old: any) => FieldError[];

const CREATE: Record<string, Check> = {
  Pod: validatePod,
  Service: validateService,
  ReplicationController: validateReplicationController,
  Endpoints: validateEndpoints,
  Event: validateEvent,
  Node: validateNode,
  Namespace: validateNamespace,
  Binding: validateBinding,
};

const UPDATE: Record<string, UpdateCheck> = {
  Pod: validatePodUpdate,
  Service: validateServiceUpdate,
  ReplicationController: validateReplicationControllerUpdate,
  Endpoints: validateEndpointsUpdate,
  Event: validateEventUpdate,
  Node: validateNodeUpdate,
  Namespace: validateNamespaceUpdate,
};

export const VALIDATED_KINDS = Object.keys(CREATE);

/** The kind's rules for a new object; an unknown kind is itself an error on `kind`. */
export function validateObject(kind: string, obj: KubeObject): FieldError[] {
  const check = CREATE[kind];
  return check ? check(obj) : [fieldErrors.notSupported('kind', kind, VALIDATED_KINDS)];
}

/** validateObject plus what may not change between `old` (stored) and `obj` (proposed). */
export function validateObjectUpdate(kind: string, obj: KubeObject, old: KubeObject): FieldError[] {
  const check = UPDATE[kind];
  return check ? check(obj, old) : validateObject(kind, obj);
}
