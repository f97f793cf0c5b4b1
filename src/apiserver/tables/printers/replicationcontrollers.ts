// `kubectl get rc` columns, as Kubernetes' printReplicationController: desired, current and ready replicas,
// and with -o wide the template's containers, images and the selector.
import type { ReplicationController } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, formatLabels, type Printer } from '../types';

const columns = [
  NAME_COLUMN,
  column('Desired', 'Number of desired pods.', { type: 'integer' }),
  column('Current', 'Number of actually running pods.', { type: 'integer' }),
  column('Ready', 'The number of ready replicas for this replication controller.', { type: 'integer' }),
  AGE_COLUMN,
  column('Containers', 'Names of each container in the template.', { wide: true }),
  column('Images', 'Images referenced by each container in the template.', { wide: true }),
  column('Selector', 'Selector is a label query over pods that should match the Replicas count.', {
    wide: true,
  }),
];

export const replicationControllerPrinter: Printer = {
  columns,
  cells(rc: ReplicationController, now: number) {
    const containers = rc.spec?.template?.spec?.containers ?? [];
    return [
      rc.metadata?.name ?? '',
      rc.spec?.replicas ?? 1,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      ageSince(rc.metadata?.creationTimestamp, now),
      containers.map((c) => c.name).join(','),
      containers.map((c) => c.image ?? '').join(','),
      formatLabels(rc.spec?.selector),
    ];
  },
};
