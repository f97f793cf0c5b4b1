// The PodScheduled=False condition kube-scheduler writes on a pod that fits nowhere, so `kubectl describe
// pod` and `get pod -o yaml` say why it is Pending. Written as a strategic merge patch of pods/status
// (conditions merge by type), and only when it would change what the pod already says.
import type { Pod, PodCondition } from '../api/types';
import { rfc3339 } from '../util';

export const REASON_UNSCHEDULABLE = 'Unschedulable';

/** The patch that records message, or undefined when the pod already carries exactly that condition. */
export function unschedulablePatch(pod: Pod, message: string, now: number): object | undefined {
  const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (current?.status === 'False' && current.reason === REASON_UNSCHEDULABLE && current.message === message)
    return undefined;
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    reason: REASON_UNSCHEDULABLE,
    message,
    // The transition is when the status last flipped, not when the message last changed.
    lastTransitionTime: current?.status === 'False' ? current.lastTransitionTime : rfc3339(now),
  };
  return { status: { conditions: [condition] } };
}
