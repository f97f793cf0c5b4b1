// The 2014 v1beta1 ContainerManifest as the seed's kubelet read it from files, URLs and etcd.
// Only what conversion reads is described; unknown fields are ignored, as the 2014 decoder did.

export interface ManifestPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  hostIP?: string;
}

export interface ManifestVolumeMount {
  name?: string;
  mountPath?: string;
  /** 2014 alias of mountPath. */
  path?: string;
  readOnly?: boolean;
}

export interface ManifestContainer {
  name?: string;
  image?: string;
  /** The entrypoint override; becomes v1 `command`. */
  command?: string[];
  workingDir?: string;
  ports?: ManifestPort[];
  env?: { name?: string; value?: string }[];
  volumeMounts?: ManifestVolumeMount[];
  /** Thousandths of a core when a number ("cpu: 100" = 100m), else a quantity. */
  cpu?: number | string;
  /** Bytes when a number, else a quantity. */
  memory?: number | string;
  livenessProbe?: Record<string, unknown>;
  imagePullPolicy?: string;
}

export interface ManifestVolume {
  name?: string;
  /** Absent means emptyDir, as in 2014. */
  source?: { hostDir?: { path?: string }; emptyDir?: object } | null;
}

export interface ContainerManifest {
  version?: string;
  id?: string;
  uuid?: string;
  containers?: ManifestContainer[];
  volumes?: ManifestVolume[];
  /** `{always: {}}`, `{onFailure: {}}`, `{never: {}}`, or a v1 string. */
  restartPolicy?: Record<string, unknown> | string;
}

export const SUPPORTED_MANIFEST_VERSIONS = ['v1beta1', 'v1beta2'];
