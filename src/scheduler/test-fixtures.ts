// Builders for scheduler tests: nodes and pods with only the fields that matter to scheduling.
import type { Container, Node, Pod } from '../api/types';
import { NodeInfo } from './node-info';
import { newPodInfo } from './pod-info';
import type { Taint, Toleration } from './taints';

export interface NodeSpecLite {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  unschedulable?: boolean;
  taints?: Taint[];
  /** The Ready condition's status; 'missing' leaves conditions out. */
  ready?: 'True' | 'False' | 'Unknown' | 'missing';
  /** Put resources in capacity only (no allocatable). */
  capacityOnly?: boolean;
}

export function makeNode(name: string, o: NodeSpecLite = {}): Node {
  const resources = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  const ready = o.ready ?? 'True';
  return {
    metadata: { name, labels: o.labels },
    spec: { unschedulable: o.unschedulable, taints: o.taints },
    status: {
      capacity: resources,
      allocatable: o.capacityOnly ? undefined : resources,
      conditions: ready === 'missing' ? undefined : [{ type: 'Ready', status: ready }],
    },
  };
}

export interface PodSpecLite {
  namespace?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  hostPorts?: { port: number; protocol?: string; ip?: string }[];
  phase?: string;
  containers?: Container[];
  initContainers?: Container[];
  deleting?: boolean;
}

export function makePod(name: string, o: PodSpecLite = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const container: Container = {
    name: 'c',
    image: 'busybox',
    resources: o.cpu || o.memory ? { requests } : undefined,
    ports: o.hostPorts?.map((p) => ({
      containerPort: p.port,
      hostPort: p.port,
      protocol: p.protocol,
      hostIP: p.ip,
    })),
  };
  return {
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${o.namespace ?? 'default'}-${name}`,
      labels: o.labels,
      deletionTimestamp: o.deleting ? '2026-01-01T00:00:00Z' : undefined,
    },
    spec: {
      containers: o.containers ?? [container],
      initContainers: o.initContainers,
      nodeName: o.nodeName,
      nodeSelector: o.nodeSelector,
      tolerations: o.tolerations,
    },
    status: { phase: o.phase ?? 'Pending' },
  };
}

/** A NodeInfo for node holding pods (as bound pods). */
export function nodeInfoWith(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node.metadata!.name!, node);
  for (const p of pods) info.addPod(newPodInfo(p));
  return info;
}
