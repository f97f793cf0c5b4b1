// podFromTemplate: the pod a replication controller creates (k8s GetPodFromTemplate). The server picks the
// name from generateName `<rc>-`; labels, annotations, finalizers and spec come from the template as deep
// copies (never shared with the cached RC); the controller reference ties the pod to this RC's uid, so
// the garbage collector deletes it with the RC and no other controller adopts it.
import type { Pod, ReplicationController } from '../../api/types';
import { controllerRefFor } from './pods-to-manage';

const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/**
 * A template without spec (validation forbids it) yields a pod with no containers, which the apiserver
 * rejects with a 422 that the loop reports as FailedCreate.
 */
export function podFromTemplate(rc: ReplicationController): Pod {
  const template = rc.spec?.template;
  const meta = template?.metadata;
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rc.metadata?.name ?? ''}-`,
      namespace: rc.metadata?.namespace,
      ownerReferences: [controllerRefFor(rc)],
    },
    spec: copy(template?.spec) ?? { containers: [] },
  };
  if (meta?.labels) pod.metadata!.labels = copy(meta.labels);
  if (meta?.annotations) pod.metadata!.annotations = copy(meta.annotations);
  if (meta?.finalizers) pod.metadata!.finalizers = copy(meta.finalizers);
  return pod;
}
