// Wire types: re-exported from the kubernetes-types package so the rest of k8ts names them in one place.
export type {
  Pod,
  PodList,
  PodSpec,
  PodStatus,
  Container,
  ContainerPort,
  ContainerStatus,
  Volume,
  VolumeMount,
  EnvVar,
  Service,
  ServiceList,
  ServiceSpec,
  ServicePort,
  Endpoints,
  EndpointsList,
  EndpointSubset,
  EndpointAddress,
  EndpointPort,
  ReplicationController,
  ReplicationControllerList,
  ReplicationControllerSpec,
  Node,
  NodeList,
  NodeSpec,
  NodeStatus,
  NodeCondition,
  Namespace,
  NamespaceList,
  Event,
  EventList,
  Binding,
  ObjectReference,
  PodCondition,
} from 'kubernetes-types/core/v1';
export type {
  ObjectMeta,
  ListMeta,
  Status,
  StatusCause,
  WatchEvent,
  LabelSelector,
  LabelSelectorRequirement,
  OwnerReference,
  DeleteOptions,
  APIResource,
  APIResourceList,
} from 'kubernetes-types/meta/v1';
export type { Scale } from 'kubernetes-types/autoscaling/v1';

import type { ObjectMeta, ListMeta } from 'kubernetes-types/meta/v1';

/** Any API object: what generic code (registry, client, informer) handles. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
