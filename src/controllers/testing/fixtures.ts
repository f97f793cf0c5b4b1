// Builders for controller tests: pods, replication controllers, services and nodes with only the fields
// the controllers read, deep-frozen like informer cache entries. Timestamps are whole seconds after T0.
import type { Node, OwnerReference, Pod, ReplicationController, Service, ServicePort } from '../../api/types';
import { deepFreeze } from './freeze';

export const T0 = Date.UTC(2026, 0, 1);
export const at = (seconds: number): string =>
  new Date(T0 + seconds * 1000).toISOString().replace('.000Z', 'Z');

export interface PodOptions {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Ready condition status True; `readySince` its lastTransitionTime in seconds after T0. */
  ready?: boolean;
  readySince?: number;
  nodeName?: string;
  ip?: string;
  /** creationTimestamp, seconds after T0. */
  created?: number;
  deleting?: boolean;
  restarts?: number;
  owners?: OwnerReference[];
  /** Container ports: name → port (TCP), or full specs. */
  ports?: Record<string, number>;
  annotations?: Record<string, string>;
  tolerations?: NonNullable<Pod['spec']>['tolerations'];
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const ready = o.ready ?? false;
  return deepFreeze({
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${name}`,
      labels: o.labels,
      annotations: o.annotations,
      creationTimestamp: o.created === undefined ? at(0) : at(o.created),
      deletionTimestamp: o.deleting ? at(1000) : undefined,
      ownerReferences: o.owners,
    },
    spec: {
      nodeName: o.nodeName,
      tolerations: o.tolerations,
      containers: [
        {
          name: 'c',
          image: 'busybox',
          ports: Object.entries(o.ports ?? {}).map(([pname, containerPort]) => ({
            name: pname,
            containerPort,
            protocol: 'TCP',
          })),
        },
      ],
    },
    status: {
      phase: o.phase ?? (o.nodeName ? 'Running' : 'Pending'),
      podIP: o.ip,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: o.readySince === undefined ? undefined : at(o.readySince),
        },
      ],
      containerStatuses: [
        { name: 'c', image: 'busybox', imageID: '', ready, restartCount: o.restarts ?? 0, containerID: '' },
      ],
    },
  });
}

export interface RcOptions {
  namespace?: string;
  uid?: string;
  replicas?: number;
  selector?: Record<string, string>;
  templateLabels?: Record<string, string>;
  generation?: number;
  minReadySeconds?: number;
  deleting?: boolean;
}

export function makeRC(name: string, o: RcOptions = {}): ReplicationController {
  const selector = o.selector ?? { app: name };
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${name}`,
      generation: o.generation ?? 1,
      deletionTimestamp: o.deleting ? at(1000) : undefined,
    },
    spec: {
      replicas: o.replicas ?? 1,
      selector,
      minReadySeconds: o.minReadySeconds,
      template: {
        metadata: { labels: o.templateLabels ?? selector, annotations: { team: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] },
      },
    },
  });
}

/** The controller reference a replication controller puts on its pods. */
export function rcRef(rc: ReplicationController): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    name: rc.metadata!.name!,
    uid: rc.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function makeService(
  name: string,
  selector: Record<string, string> | undefined,
  ports: ServicePort[],
  o: { namespace?: string; headless?: boolean; publishNotReady?: boolean } = {},
): Service {
  return deepFreeze({
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}`, labels: { svc: name } },
    spec: {
      selector,
      ports,
      clusterIP: o.headless ? 'None' : '10.96.0.10',
      publishNotReadyAddresses: o.publishNotReady,
    },
  });
}

export function makeNode(
  name: string,
  o: { ready?: 'True' | 'False' | 'Unknown'; heartbeat?: number; podCIDR?: string; created?: number } = {},
): Node {
  return deepFreeze({
    metadata: { name, uid: `uid-${name}`, creationTimestamp: at(o.created ?? 0) },
    spec: { podCIDR: o.podCIDR },
    status: {
      conditions: o.ready
        ? [
            {
              type: 'Ready',
              status: o.ready,
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: at(o.heartbeat ?? 0),
              lastTransitionTime: at(0),
            },
          ]
        : undefined,
    },
  });
}
