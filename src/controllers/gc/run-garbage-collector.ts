// The garbage collector's wiring: an informer per monitored resource (every kind the API serves, since a
// DELETE of any of them may record an orphan/foregroundDeletion finalizer that only the collector removes),
// handlers that enqueue object keys, and the workers. What an event enqueues:
//  - the object itself, when it has owner references or is being deleted with a recorded policy;
//  - on deletion, its dependents (their reference may now dangle);
//  - its owners that are being deleted (a Foreground owner waits for exactly these changes).
import { RESOURCES } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { WorkQueue, deletedObject, runWorkers, type EventHandler, type Indexer } from '../../client';
import type { RunControllerOptions } from '../run-options';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './dependents';
import { GarbageCollector } from './garbage-collector';
import { ObjectGraph, gcIndexers, nodeKey } from './object-graph';

/** Every served resource: any of them may carry owner references or a recorded deletion policy. */
export const GC_RESOURCES = RESOURCES.map((r) => r.resource);

const hasPolicyFinalizer = (o: KubeObject) =>
  (o.metadata?.finalizers ?? []).some((f) => f === FINALIZER_ORPHAN || f === FINALIZER_FOREGROUND);

export function gcHandler(
  resource: string,
  graph: ObjectGraph,
  queue: WorkQueue<string>,
): EventHandler<KubeObject> {
  const wakeOwners = (obj: KubeObject) => {
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      const owner = graph.owner(ref);
      if (owner?.obj.metadata?.deletionTimestamp) queue.add(nodeKey(owner.resource, owner.obj));
    }
  };
  const changed = (obj: KubeObject) => {
    if (obj.metadata?.ownerReferences?.length || (obj.metadata?.deletionTimestamp && hasPolicyFinalizer(obj)))
      queue.add(nodeKey(resource, obj));
    wakeOwners(obj);
  };
  return {
    onAdd: changed,
    // Resyncs (same version) too: level-triggered, a missed or failed decision is made again.
    onUpdate: (_old, obj) => changed(obj),
    onDelete: (o) => {
      const obj = deletedObject(o);
      const uid = obj.metadata?.uid;
      if (uid) for (const d of graph.dependents(uid)) queue.add(nodeKey(d.resource, d.obj));
      wakeOwners(obj);
    },
  };
}

export async function runGarbageCollector(
  o: RunControllerOptions & { resources?: readonly string[] },
): Promise<void> {
  const caches = new Map<string, Indexer<KubeObject>>();
  const queue = new WorkQueue<string>({ clock: o.clock, name: 'garbagecollector', metrics: o.metrics });
  const informers = (o.resources ?? GC_RESOURCES).map((resource) => {
    const informer = o.factory.informerFor<KubeObject>(resource);
    informer.addIndexers(gcIndexers);
    caches.set(resource, informer.indexer);
    return [resource, informer] as const;
  });
  const graph = new ObjectGraph(caches);
  for (const [resource, informer] of informers) informer.addEventHandler(gcHandler(resource, graph, queue));
  if (o.signal.aborted) return;
  o.signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  o.factory.start();
  if (!(await o.factory.waitForCacheSync(o.signal))) return;
  const gc = new GarbageCollector({ client: o.client, graph, log: o.log });
  await runWorkers(queue, o.workers ?? 20, (key) => gc.sync(key), o.log);
}
