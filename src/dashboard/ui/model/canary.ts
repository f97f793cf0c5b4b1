// The seed's canary case at a glance: for each service, the pods its selector covers, grouped by the
// replication controller that owns each one. Ownership comes from the pod's controller ownerReference;
// pods made before owners were recorded fall back to the RC whose selector matches them.
import type { Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import { everything, nothing, selectorFromSet, type Selector } from '../../../labels';

export interface OwnerGroup {
  /** RC name, or undefined for pods no RC owns. */
  rc: string | undefined;
  /** True when the owner was found by selector, not by ownerReference. */
  bySelector: boolean;
  pods: Pod[];
}

export interface ServiceCoverage {
  service: Service;
  groups: OwnerGroup[];
  total: number;
}

/** A service without a selector covers nothing on its own (its endpoints are managed by hand). */
function serviceSelector(s: Service): Selector {
  const sel = s.spec?.selector;
  if (!sel || Object.keys(sel).length === 0) return nothing();
  return safeSelector(sel);
}

function safeSelector(set: Record<string, string>): Selector {
  try {
    return selectorFromSet(set);
  } catch {
    return nothing();
  }
}

function rcSelector(rc: ReplicationController): Selector {
  const sel = rc.spec?.selector ?? rc.spec?.template?.metadata?.labels;
  return sel && Object.keys(sel).length ? safeSelector(sel) : everything();
}

/** The RC that owns `pod`: by controller ownerReference uid, else by selector in the same namespace. */
export function ownerOf(
  pod: Pod,
  rcs: readonly ReplicationController[],
): { rc: string; bySelector: boolean } | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicationController');
  if (ref) return { rc: ref.name, bySelector: false };
  const ns = pod.metadata?.namespace;
  const labels = pod.metadata?.labels ?? {};
  const match = rcs.find((rc) => rc.metadata?.namespace === ns && rcSelector(rc).matches(labels));
  return match ? { rc: match.metadata?.name ?? '', bySelector: true } : undefined;
}

export function serviceCoverage(
  services: readonly Service[],
  pods: readonly Pod[],
  rcs: readonly ReplicationController[],
): ServiceCoverage[] {
  return services.map((service) => {
    const sel = serviceSelector(service);
    const ns = service.metadata?.namespace;
    const groups = new Map<string, OwnerGroup>();
    let total = 0;
    for (const pod of pods) {
      if (pod.metadata?.namespace !== ns || !sel.matches(pod.metadata?.labels ?? {})) continue;
      const owner = ownerOf(pod, rcs);
      const key = owner?.rc ?? '';
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { rc: owner?.rc, bySelector: owner?.bySelector ?? false, pods: [] }));
      g.pods.push(pod);
      total++;
    }
    const sorted = [...groups.values()].sort((a, b) =>
      a.rc === undefined ? 1 : b.rc === undefined ? -1 : a.rc.localeCompare(b.rc),
    );
    for (const g of sorted)
      g.pods.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    return { service, groups: sorted, total };
  });
}
