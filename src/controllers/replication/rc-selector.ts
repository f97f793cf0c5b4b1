// The label selector of a replication controller: spec.selector, or the template's labels when the
// selector is unset (v1 defaulting). A controller whose selector ends up empty selects nothing here —
// validation forbids it, and an empty selector would otherwise claim every pod in the namespace.
import type { ReplicationController } from '../../api/types';
import { nothing, selectorFromSet, type Selector } from '../../labels';

export function rcSelector(rc: ReplicationController): Selector {
  const set = rc.spec?.selector ?? rc.spec?.template?.metadata?.labels ?? {};
  return Object.keys(set).length ? selectorFromSet(set) : nothing();
}

/** spec.replicas, defaulting to 1 as the apiserver does. */
export const desiredReplicas = (rc: ReplicationController): number => rc.spec?.replicas ?? 1;
