// replicaDiff: the seed's algorithm — too few replicas, create more; too many, delete some — as one pure
// decision per sync (k8s ReplicaSetController.manageReplicas). At most burstReplicas are created or
// deleted per sync so one RC cannot flood the apiserver; the next sync continues. slowStartBatches splits
// the creations into growing batches (1, 2, 4, ...) so a failing template costs one error, not 500.
import type { Pod, ReplicationController } from '../../api/types';
import { rankForDeletion } from './deletion-order';
import { desiredReplicas } from './rc-selector';

/** k8s BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

export interface ReplicaDiff {
  create: number;
  /** The pods to delete, cheapest first (see deletion-order.ts). */
  delete: Pod[];
}

/**
 * activePods are the RC's claimed active pods (podsToManage().active). An RC being deleted does
 * nothing: its pods belong to the garbage collector.
 */
export function replicaDiff(
  rc: ReplicationController,
  activePods: readonly Pod[],
  burstReplicas = BURST_REPLICAS,
): ReplicaDiff {
  if (rc.metadata?.deletionTimestamp) return { create: 0, delete: [] };
  const diff = activePods.length - desiredReplicas(rc);
  if (diff < 0) return { create: Math.min(-diff, burstReplicas), delete: [] };
  if (diff === 0) return { create: 0, delete: [] };
  return { create: 0, delete: rankForDeletion(activePods).slice(0, Math.min(diff, burstReplicas)) };
}

/** k8s slowStartBatch sizes: initial, doubling, never more than what is left. */
export function slowStartBatches(count: number, initial = 1): number[] {
  const batches: number[] = [];
  let size = Math.max(1, initial);
  for (let left = count; left > 0; left -= batches[batches.length - 1]!) {
    batches.push(Math.min(size, left));
    size *= 2;
  }
  return batches;
}
