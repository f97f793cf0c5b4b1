// Service defaults (Kubernetes v1 SetDefaults_Service): ClusterIP type, no session affinity, TCP
// ports whose targetPort is the port itself. clusterIP and nodePorts are the registry's allocators'.
import type { Service } from '../types';

export function defaultService(svc: Service): void {
  if (!svc.spec || typeof svc.spec !== 'object') return;
  const spec = svc.spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!port) continue;
    port.protocol ??= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '')
      port.targetPort = port.port;
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
}
