// findPort (k8s podutil.FindPort): the pod port a service port sends traffic to. A numeric targetPort is
// used as is; a named one is looked up among the pod's container ports with the same name and protocol,
// so pods of different versions may serve "http" on different numbers. Unset targetPort means the
// service port itself (the apiserver defaults it so).
import type { Pod, ServicePort } from '../../api/types';

/** The port number, or undefined when the pod has no container port of that name and protocol. */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  const protocol = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}
