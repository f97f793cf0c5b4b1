// `kubectl get componentstatuses` columns: name, Healthy / Unhealthy / Unknown, and the probe's message and
// error, as Kubernetes prints them.
import type { ComponentStatus } from 'kubernetes-types/core/v1';
import { NAME_COLUMN, column, type Printer } from '../types';

export const componentStatusPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the component conditions'),
    column('Message', 'Message of the component conditions'),
    column('Error', 'Error of the component conditions'),
  ],
  cells(cs: ComponentStatus) {
    const healthy = cs.conditions?.find((c) => c.type === 'Healthy');
    const status = !healthy ? 'Unknown' : healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
    return [cs.metadata?.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
