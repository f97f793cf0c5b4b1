// `kubectl get services` columns, as Kubernetes' printService: ports as `80/TCP` or `80:30080/TCP` with a
// node port, EXTERNAL-IP `<none>` unless external IPs or a load balancer are known (`<pending>` until then).
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, formatLabels, type Printer } from '../types';

const columns = [
  NAME_COLUMN,
  column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
  column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  column(
    'External-IP',
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
  ),
  column('Port(s)', 'The list of ports that are exposed by this service.'),
  AGE_COLUMN,
  column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', {
    wide: true,
  }),
];

export function portsString(ports: ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

function loadBalancerIPs(svc: Service, wide: boolean): string {
  const ips = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
  const s = ips.join(',');
  return !wide && s.length > 16 ? s.slice(0, 13) + '...' : s;
}

function externalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc, true);
      const all = [...(lb ? lb.split(',') : []), ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const servicePrinter: Printer = {
  columns,
  cells(svc: Service, now: number) {
    return [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>',
      externalIP(svc),
      portsString(svc.spec?.ports) || '<none>',
      ageSince(svc.metadata?.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};
