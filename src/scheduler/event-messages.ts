// Event wording: the reasons and messages of the events the scheduling loop records, as kube-scheduler
// words them, so `kubectl describe pod` reads the same as on Kubernetes.
import type { Pod } from '../api/types';

export const REASON_SCHEDULED = 'Scheduled';
/** Its message is the FitError's: "0/3 nodes are available: ...". */
export const REASON_FAILED_SCHEDULING = 'FailedScheduling';

/** "Successfully assigned default/nginx to node-1" (a Normal event). */
export function scheduledMessage(pod: Pod, nodeName: string): string {
  return `Successfully assigned ${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''} to ${nodeName}`;
}
