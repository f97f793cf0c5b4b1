// defaults: Kubernetes v1 defaulting for every kind k8ts serves, applied by the registry (and the
// kubelet for static pods) before validation. Functions mutate an object the caller owns, only fill
// fields that are unset, and so are idempotent. Namespace, name generation, clusterIP/nodePort
// allocation and a new pod's status (initialPodStatus) belong to the registry, not here.
export { applyDefaults } from './apply';
export { defaultPod, defaultPodSpec, defaultContainer, defaultPullPolicy, initialPodStatus } from './pod';
export { defaultService } from './service';
export { defaultReplicationController } from './replication-controller';
export { defaultNamespace, defaultNode, defaultEndpoints } from './cluster-kinds';
