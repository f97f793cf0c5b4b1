// The 2014 v1beta1 config files kubecfg took with -c (`{"id": ..., "desiredState": {"manifest": ...}}` for
// pods, `replicaSelector`/`podTemplate` for replication controllers, `port`/`containerPort`/`selector` for
// services), turned into v1 objects. v1 objects pass through unchanged.
import { containerManifestToPod } from '../../../api/legacy';
import type { KubeObject, Pod, PodSpec, ReplicationController, Service } from '../../../api/types';
import { UsageError } from '../usage-error';

type V1beta1 = Record<string, any>;

const isLegacy = (o: V1beta1) =>
  /^v1beta[12]$/.test(String(o.apiVersion ?? '')) || (o.id !== undefined && !o.metadata);

function podSpecOf(manifest: unknown, id: string): PodSpec {
  const m = { version: 'v1beta1', id, ...(manifest as object) };
  return containerManifestToPod(m).spec!;
}

const labelsOf = (o: V1beta1): Record<string, string> | undefined => o.labels ?? undefined;

export function fromV1beta1(o: V1beta1, kind: string): KubeObject {
  if (!isLegacy(o)) return o as KubeObject;
  const name = String(o.id ?? '');
  switch (kind) {
    case 'Pod': {
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: labelsOf(o) },
        spec: podSpecOf(o.desiredState?.manifest, name),
      };
      return pod as KubeObject;
    }
    case 'ReplicationController': {
      const ds = o.desiredState ?? {};
      const tpl = ds.podTemplate ?? {};
      const rc: ReplicationController = {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name, labels: labelsOf(o) },
        spec: {
          replicas: ds.replicas ?? 1,
          selector: ds.replicaSelector,
          template: { metadata: { labels: tpl.labels }, spec: podSpecOf(tpl.desiredState?.manifest, name) },
        },
      };
      return rc as KubeObject;
    }
    case 'Service': {
      const port = Number(o.port);
      const svc: Service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels: labelsOf(o) },
        spec: {
          selector: o.selector,
          ports: [{ port, targetPort: o.containerPort ?? port, protocol: o.protocol ?? 'TCP' }],
        },
      };
      return svc as KubeObject;
    }
    default:
      throw new UsageError(`kubecfg cannot read a v1beta1 ${kind}`);
  }
}
