// The labels k8ts puts on every container it creates: they are the runtime's only memory. A restarted kubelet
// lists containers by io.k8ts.managed=true and rebuilds pods, attempts and spec hashes from these alone, and
// nothing without the managed label is ever stopped or removed.
import type { Pod } from '../../api/types';

export const LABEL_MANAGED = 'io.k8ts.managed';
/** The node whose kubelet made the container: nodes sharing one dockerd each see only their own. */
export const LABEL_NODE = 'io.k8ts.node';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_CONTAINER_HASH = 'io.k8ts.container.hash';
export const LABEL_RESTART_COUNT = 'io.k8ts.container.restartCount';
export const LABEL_POD_IP = 'io.k8ts.pod.ip';
/** `podsandbox` or `container`, as Kubernetes' dockershim wrote it. */
export const LABEL_TYPE = 'io.kubernetes.docker.type';

/** The container name the sandbox goes by, as in Kubernetes. */
export const SANDBOX_NAME = 'POD';

export interface ContainerLabels {
  podUid: string;
  podName: string;
  podNamespace: string;
  containerName: string;
  sandbox: boolean;
  hash: string;
  restartCount: number;
  podIp?: string;
}

export function podLabels(pod: Pod): Record<string, string> {
  return {
    [LABEL_MANAGED]: 'true',
    [LABEL_POD_UID]: pod.metadata?.uid ?? '',
    [LABEL_POD_NAME]: pod.metadata?.name ?? '',
    [LABEL_POD_NAMESPACE]: pod.metadata?.namespace ?? 'default',
  };
}

export function sandboxLabels(pod: Pod, podIp: string): Record<string, string> {
  return {
    ...podLabels(pod),
    [LABEL_CONTAINER_NAME]: SANDBOX_NAME,
    [LABEL_TYPE]: 'podsandbox',
    [LABEL_POD_IP]: podIp,
  };
}

export function containerLabels(
  pod: Pod,
  name: string,
  hash: string,
  restartCount: number,
): Record<string, string> {
  return {
    ...podLabels(pod),
    [LABEL_CONTAINER_NAME]: name,
    [LABEL_TYPE]: 'container',
    [LABEL_CONTAINER_HASH]: hash,
    [LABEL_RESTART_COUNT]: String(restartCount),
  };
}

/** Reads labels back; undefined for a container k8ts does not manage. */
export function parseLabels(labels: Record<string, string> | undefined): ContainerLabels | undefined {
  if (!labels || labels[LABEL_MANAGED] !== 'true' || !labels[LABEL_POD_UID]) return undefined;
  const restarts = Number(labels[LABEL_RESTART_COUNT] ?? 0);
  return {
    podUid: labels[LABEL_POD_UID],
    podName: labels[LABEL_POD_NAME] ?? '',
    podNamespace: labels[LABEL_POD_NAMESPACE] ?? '',
    containerName: labels[LABEL_CONTAINER_NAME] ?? '',
    sandbox: labels[LABEL_TYPE] === 'podsandbox',
    hash: labels[LABEL_CONTAINER_HASH] ?? '',
    restartCount: Number.isInteger(restarts) && restarts >= 0 ? restarts : 0,
    podIp: labels[LABEL_POD_IP] || undefined,
  };
}

/** A Docker container name in Kubernetes' form: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>. */
export function dockerName(pod: Pod, container: string, attempt: number): string {
  const m = pod.metadata ?? {};
  return `k8s_${container}_${m.name}_${m.namespace ?? 'default'}_${m.uid}_${attempt}`;
}
