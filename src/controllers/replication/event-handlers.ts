// The replication manager's informer handlers (k8s ReplicaSetController add/update/deletePod). They only
// enqueue RC keys and count expectations: a pod appearing with an RC's controller reference is one of its
// expected creations; a pod disappearing, or getting a deletionTimestamp, is one of its expected
// deletions. An orphan wakes every RC whose selector matches it, since one of them may adopt it.
import type { Pod, ReplicationController } from '../../api/types';
import {
  NAMESPACE_INDEX,
  deletedObject,
  type DeletedFinalStateUnknown,
  type EventHandler,
  type Indexer,
  type WorkQueue,
} from '../../client';
import { controllerRefOf } from '../owner-refs';
import { objectKey } from '../pod-util';
import type { Expectations } from './expectations';
import { rcSelector } from './rc-selector';

export interface HandlerDeps {
  rcs: Indexer<ReplicationController>;
  queue: WorkQueue<string>;
  expectations: Expectations;
}

/** The key of the RC that controls pod, if that RC is in the cache with the referenced uid. */
function controllingRC(deps: HandlerDeps, pod: Pod): string | undefined {
  const ref = controllerRefOf(pod);
  if (!ref || ref.kind !== 'ReplicationController') return undefined;
  const key = `${pod.metadata?.namespace}/${ref.name}`;
  return deps.rcs.get(key)?.metadata?.uid === ref.uid ? key : undefined;
}

function matchingRCs(deps: HandlerDeps, pod: Pod): string[] {
  return deps.rcs
    .byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '')
    .filter((rc) => rcSelector(rc).matches(pod.metadata?.labels))
    .map(objectKey);
}

export function rcEventHandler(deps: HandlerDeps): EventHandler<ReplicationController> {
  return {
    onAdd: (rc) => deps.queue.add(objectKey(rc)),
    onUpdate: (_old, rc) => deps.queue.add(objectKey(rc)),
    onDelete: (obj) => {
      const key = objectKey(deletedObject(obj));
      deps.expectations.delete(key);
      deps.queue.add(key);
    },
  };
}

export function podEventHandler(deps: HandlerDeps): EventHandler<Pod> {
  const deleted = (pod: Pod) => {
    const key = controllingRC(deps, pod);
    if (!key) return;
    deps.expectations.deletionObserved(key, objectKey(pod));
    deps.queue.add(key);
  };
  return {
    onAdd(pod) {
      if (pod.metadata?.deletionTimestamp) return deleted(pod);
      const key = controllingRC(deps, pod);
      if (key) {
        deps.expectations.creationObserved(key);
        deps.queue.add(key);
      } else if (!controllerRefOf(pod)) {
        for (const k of matchingRCs(deps, pod)) deps.queue.add(k);
      }
    },
    onUpdate(old, pod) {
      if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      if (pod.metadata?.deletionTimestamp) {
        deleted(pod);
        return;
      }
      const oldKey = controllingRC(deps, old);
      const key = controllingRC(deps, pod);
      if (oldKey && oldKey !== key) deps.queue.add(oldKey);
      if (key) deps.queue.add(key);
      else if (!controllerRefOf(pod)) for (const k of matchingRCs(deps, pod)) deps.queue.add(k);
    },
    onDelete(obj: Pod | DeletedFinalStateUnknown<Pod>) {
      deleted(deletedObject(obj));
    },
  };
}
