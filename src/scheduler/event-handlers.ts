// The scheduler's informer handlers: they keep the SchedulerCache and the SchedulingQueue in step with the
// cluster and never call the API. Bound pods go to the cache (they hold resources); pods waiting for this
// scheduler go to the queue; a change that may let parked pods fit (a node added or changed in a way
// scheduling reads, a pod that held resources deleted or finished) moves them back to active.
import type { Node, Pod } from '../api/types';
import { deletedObject, type DeletedFinalStateUnknown, type EventHandler } from '../client';
import type { SchedulerCache } from './cache';
import { isTerminal, needsScheduling } from './pod-info';
import type { SchedulingQueue } from './scheduling-queue';

export interface HandlerDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  schedulerName: string;
}

export function podEventHandler({ cache, queue, schedulerName }: HandlerDeps): EventHandler<Pod> {
  const observe = (pod: Pod) => {
    cache.updatePod(pod);
    // An assumed pod is being bound: the informer has not caught up, and it must not be queued again.
    if (needsScheduling(pod, schedulerName) && !cache.isAssumed(pod)) queue.addOrUpdate(pod);
    else queue.delete(pod);
  };
  return {
    onAdd: observe,
    onUpdate(old, pod) {
      observe(pod);
      const freed = !!old.spec?.nodeName && !isTerminal(old) && isTerminal(pod);
      if (freed) queue.moveAllToActive();
    },
    onDelete(obj: Pod | DeletedFinalStateUnknown<Pod>) {
      const pod = deletedObject(obj);
      const heldResources = (!!pod.spec?.nodeName && !isTerminal(pod)) || cache.isAssumed(pod);
      queue.delete(pod);
      cache.removePod(pod);
      if (heldResources) queue.moveAllToActive();
    },
  };
}

export function nodeEventHandler({ cache, queue }: HandlerDeps): EventHandler<Node> {
  return {
    onAdd(node) {
      cache.addNode(node);
      queue.moveAllToActive();
    },
    onUpdate(old, node) {
      cache.updateNode(node);
      if (schedulingPropertiesChanged(old, node)) queue.moveAllToActive();
    },
    onDelete(obj) {
      cache.removeNode(deletedObject(obj).metadata?.name ?? '');
    },
  };
}

/**
 * Whether an update changes what the filters read. Heartbeats (condition times) do not, so the
 * kubelets' status updates every few seconds do not retry every parked pod.
 */
export function schedulingPropertiesChanged(old: Node, node: Node): boolean {
  if (old === node) return false;
  const props = (n: Node) =>
    JSON.stringify([
      n.spec?.unschedulable ?? false,
      n.spec?.taints ?? [],
      n.metadata?.labels ?? {},
      n.status?.allocatable ?? n.status?.capacity ?? {},
      (n.status?.conditions ?? []).map((c) => [c.type, c.status]),
    ]);
  return props(old) !== props(node);
}
