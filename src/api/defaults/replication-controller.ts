// Replication controller defaults, as v1 SetDefaults_ReplicationController: one replica, and when
// the selector (or the controller's own labels) are missing, the template's labels stand in for them.
import type { ReplicationController } from '../types';
import { defaultPodSpec } from './pod';

export function defaultReplicationController(rc: ReplicationController): void {
  if (!rc.spec || typeof rc.spec !== 'object') return;
  const spec = rc.spec;
  spec.replicas ??= 1;
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(templateLabels).length) {
    if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...templateLabels };
    rc.metadata ??= {};
    if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0)
      rc.metadata.labels = { ...templateLabels };
  }
  if (spec.template?.spec && typeof spec.template.spec === 'object') defaultPodSpec(spec.template.spec);
}
