// legacy: the seed's 2014 v1beta1 ContainerManifest, which the kubelet still accepts from files, URLs,
// etcd and its own HTTP endpoint. Everything here turns such text into defaulted, validated v1 Pods
// (namespace "default" unless a v1 Pod names one); the kubelet never handles the old shape itself.
export { containerManifestToPod, MANIFEST_NAMESPACE } from './container-manifest';
export { parseManifests, v1PodFromManifest } from './parse-manifests';
export { manifestPath } from './error-paths';
export { SUPPORTED_MANIFEST_VERSIONS } from './manifest-types';
export type { ContainerManifest, ManifestContainer, ManifestVolume } from './manifest-types';
