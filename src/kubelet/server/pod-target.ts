// Which running pod and container a /containerLogs or /exec path names, from the kubelet's desired pods.
import { errors, StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';

export interface PodTarget {
  uid: string;
  pod: Pod;
  container: string;
}

/** The pod and container named by `<ns>/<pod>/<container>` path segments, or a 404 Status. */
export function podTarget(
  podByName: (namespace: string, name: string) => Pod | undefined,
  segments: readonly string[],
): PodTarget | StatusError {
  const [namespace, name, container] = segments.map((s) => decodeURIComponent(s));
  if (!namespace || !name || !container || segments.length !== 3)
    return errors.notFound('paths', segments.join('/'));
  const pod = podByName(namespace, name);
  const uid = pod?.metadata?.uid;
  if (!pod || !uid) return errors.notFound('pods', name);
  if (!(pod.spec?.containers ?? []).some((c) => c.name === container))
    return new StatusError(404, 'NotFound', `container "${container}" not found in pod "${name}"`, {
      name: container,
      kind: 'containers',
    });
  return { uid, pod, container };
}
