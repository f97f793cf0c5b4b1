// kubelet/config owns where the kubelet learns which pods to run: the seed's four manifest sources — a file or
// directory (--manifest-path), a URL (--manifest-url), an etcd key (/registry/hosts/<node>/kubelet), and the
// kubelet's own POST /pods — each pushing its complete current set (SourceUpdate), and the PodConfigMux that
// merges them into one desired set and tells the kubelet what was added, updated and removed. Pods from these
// sources are static pods, named and UID'd here (toStaticPod). The apiserver source (pods bound to this node,
// through src/client) plugs into the same mux with one `mux.addSource(...)`. Nothing here runs containers.
export type { PodSource, SourceUpdate, SourceError, SourceName } from './types';
export { PodConfigMux, type PodConfigDiff } from './mux';
export { FileSource, type FileSourceOptions } from './file';
export { UrlSource, type UrlSourceOptions } from './url';
export { EtcdSource, kubeletKey, type EtcdSourceOptions } from './etcd';
export { KubeletHttpSource } from './http-server';
export { defaultNodeName, type NodeNameOptions } from './hostname';
export {
  toStaticPod,
  podFullName,
  canonicalJSON,
  CONFIG_SOURCE_ANNOTATION,
  CONFIG_HASH_ANNOTATION,
  CONFIG_MIRROR_ANNOTATION,
} from './static-pod';
export { staticPodsFrom } from './manifests';
export {
  ApiserverSource,
  ensureNodeNameIndex,
  NODE_NAME_INDEX,
  type ApiserverSourceOptions,
} from './apiserver';
