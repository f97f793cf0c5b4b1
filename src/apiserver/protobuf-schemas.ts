// Field numbers of the kinds k8ts decodes from protobuf, from k8s.io/api/{core,authorization,authentication}/v1
// and k8s.io/apimachinery/pkg/apis/meta/v1 generated.proto, checked against bodies sent by kubectl 1.32
// (`kubectl create namespace`, `kubectl create service clusterip|nodeport|loadbalancer|externalname`,
// `kubectl auth can-i`, `kubectl auth whoami`). Only fields those commands can fill are listed; any other
// field is skipped, never guessed at.
import type { Schema } from './protobuf-wire';

// creationTimestamp (8) is skipped on purpose: kubectl sends an empty Time, JSON's `null`.
export const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

const SERVICE_PORT: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'protocol', type: 'string' },
  3: { name: 'port', type: 'int32' },
  4: { name: 'targetPort', type: 'intOrString' },
  5: { name: 'nodePort', type: 'int32' },
  6: { name: 'appProtocol', type: 'string', keepZero: true },
};

const SERVICE_SPEC: Schema = {
  1: { name: 'ports', type: SERVICE_PORT, repeated: true },
  2: { name: 'selector', type: 'map' },
  3: { name: 'clusterIP', type: 'string' },
  4: { name: 'type', type: 'string' },
  5: { name: 'externalIPs', type: 'string', repeated: true },
  7: { name: 'sessionAffinity', type: 'string' },
  8: { name: 'loadBalancerIP', type: 'string' },
  9: { name: 'loadBalancerSourceRanges', type: 'string', repeated: true },
  10: { name: 'externalName', type: 'string' },
  11: { name: 'externalTrafficPolicy', type: 'string' },
  12: { name: 'healthCheckNodePort', type: 'int32' },
  13: { name: 'publishNotReadyAddresses', type: 'bool' },
};

const LOAD_BALANCER_STATUS: Schema = {
  1: {
    name: 'ingress',
    type: { 1: { name: 'ip', type: 'string' }, 2: { name: 'hostname', type: 'string' } },
    repeated: true,
  },
};

const STRING = (name: string) => ({ name, type: 'string' }) as const;

// authorization/v1 ResourceAttributes (fieldSelector 8 and labelSelector 9 are skipped: k8ts ignores them).
const RESOURCE_ATTRIBUTES: Schema = {
  1: STRING('namespace'),
  2: STRING('verb'),
  3: STRING('group'),
  4: STRING('version'),
  5: STRING('resource'),
  6: STRING('subresource'),
  7: STRING('name'),
};

/** The core v1 kinds. */
const CORE_V1: Readonly<Record<string, Schema>> = {
  Namespace: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'spec', type: { 1: { name: 'finalizers', type: 'string', repeated: true } } },
    3: { name: 'status', type: { 1: { name: 'phase', type: 'string' } } },
  },
  Service: {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'spec', type: SERVICE_SPEC },
    3: { name: 'status', type: { 1: { name: 'loadBalancer', type: LOAD_BALANCER_STATUS } } },
  },
};

/** Top-level schemas by apiVersion, then kind. */
export const SCHEMAS: Readonly<Record<string, Readonly<Record<string, Schema>>>> = {
  v1: CORE_V1,
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: {
      1: { name: 'metadata', type: OBJECT_META },
      2: {
        name: 'spec',
        type: {
          1: { name: 'resourceAttributes', type: RESOURCE_ATTRIBUTES },
          2: { name: 'nonResourceAttributes', type: { 1: STRING('path'), 2: STRING('verb') } },
        },
      },
    },
    SelfSubjectRulesReview: {
      1: { name: 'metadata', type: OBJECT_META },
      2: { name: 'spec', type: { 1: STRING('namespace') } },
    },
  },
  // status (2) is the server's to fill; kubectl sends it empty.
  'authentication.k8s.io/v1': { SelfSubjectReview: { 1: { name: 'metadata', type: OBJECT_META } } },
};
