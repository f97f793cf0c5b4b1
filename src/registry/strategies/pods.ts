// Pods: status belongs to the kubelet (pods/status) and starts Pending; a pod bound to a node is deleted
// gracefully — marked with a deletionTimestamp so the kubelet can stop it, then removed by the kubelet's
// second delete with grace 0. Unbound and finished pods have nothing to stop and go at once.
import type { DeleteOptions, KubeObject, PodSpec, PodStatus } from '../../api/types';
import { initialPodStatus } from '../../api/defaults';
import { baseStrategy, type Strategy } from '../strategy';

export const DEFAULT_POD_GRACE_SECONDS = 30;

function podGracePeriod(obj: KubeObject, options: DeleteOptions): number {
  const spec = (obj.spec ?? {}) as PodSpec;
  const phase = (obj.status as PodStatus | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
  return Math.max(0, grace);
}

export const podsStrategy = (): Strategy => ({
  ...baseStrategy('pods'),
  hasStatus: true,
  prepareForCreate(obj: KubeObject) {
    obj.status = initialPodStatus();
  },
  gracePeriod: podGracePeriod,
});
