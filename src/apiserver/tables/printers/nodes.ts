// `kubectl get nodes` columns, as Kubernetes' printNode: STATUS from the Ready condition (`Ready`,
// `NotReady`, `Unknown` when the node never reported) plus `SchedulingDisabled` when cordoned; ROLES from
// the `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels.
import type { Node } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, type Printer } from '../types';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

const columns = [
  NAME_COLUMN,
  column('Status', 'The status of the node'),
  column('Roles', 'The roles of the node'),
  AGE_COLUMN,
  column('Version', 'Kubelet Version reported by the node.'),
  column(
    'Internal-IP',
    'List of addresses reachable to the node. Queried from cloud provider, if available.',
    { wide: true },
  ),
  column(
    'External-IP',
    'List of addresses reachable to the node. Queried from cloud provider, if available.',
    { wide: true },
  ),
  column(
    'OS-Image',
    'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
    { wide: true },
  ),
  column(
    'Kernel-Version',
    "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    { wide: true },
  ),
  column(
    'Container-Runtime',
    'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
    { wide: true },
  ),
];

function status(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function roles(node: Node): string {
  const found = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) found.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) found.add(v);
  }
  return found.size ? [...found].sort().join(',') : '<none>';
}

const address = (node: Node, type: string) =>
  node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';

export const nodePrinter: Printer = {
  columns,
  cells(node: Node, now: number) {
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      status(node),
      roles(node),
      ageSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
