// Pod subresources that are served by the pod's kubelet (log, exec, attach, portforward). Until the apiserver
// can reach kubelets (a later issue), they answer a clear Status instead of hanging: 404 for a missing pod,
// 400 for a bad container or an unscheduled pod, 503 while no kubelet connection exists.
import { errors, type StatusError } from '../api/errors';
import type { Pod } from '../api/types';
import type { Registry } from '../registry/rest';

export const KUBELET_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward']);

/** Works out why the request cannot be served; always returns (never resolves to success for now). */
export async function kubeletSubresourceError(
  registry: Registry,
  namespace: string | undefined,
  name: string,
  sub: string,
  query: URLSearchParams,
  upgrade: boolean,
): Promise<StatusError> {
  const pods = registry.resource('pods');
  if (!pods) return errors.notFound('pods', name);
  const pod = (await pods.get({ namespace }, name)) as Pod;
  const container = query.get('container');
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (container && !names.includes(container))
    return errors.badRequest(`container ${container} is not valid for pod ${name}`);
  if (sub !== 'log' && !upgrade) return errors.badRequest('Upgrade request required');
  const node = pod.spec?.nodeName;
  if (!node) return errors.badRequest(`pod ${name} does not have a host assigned`);
  return errors.unavailable(
    `no kubelet connection yet: cannot reach the kubelet on node "${node}" for ${sub} of pod "${name}"`,
  );
}
