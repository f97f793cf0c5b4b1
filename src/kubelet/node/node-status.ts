// The Node object a kubelet registers and the status it heartbeats, as pure functions: capacity (allocatable
// equal to it: k8ts reserves nothing), addresses, nodeInfo, the kubelet's port, and the conditions. Ready is
// True (KubeletReady) while the container runtime answers and False (KubeletNotReady, saying why) when it does
// not; the pressure conditions are reported False, as k8ts does not measure them. A condition keeps its
// lastTransitionTime until its status changes; lastHeartbeatTime is now.
import type { Node, NodeCondition, NodeStatus } from '../../api/types';
import { rfc3339 } from '../../util';

export const KUBELET_VERSION = 'v1.32.0-k8ts';

export interface NodeFacts {
  nodeName: string;
  nodeIp: string;
  capacity: { cpu: string; memory: string; pods: string };
  podCidr?: string;
  kubeletPort: number;
  /** e.g. `docker://20.10.24`, `fake://0.1.0`. */
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  architecture: string;
}

export interface RuntimeHealth {
  healthy: boolean;
  /** Why not, worded for `kubectl describe node`. */
  message?: string;
}

const PRESSURE: [string, string, string][] = [
  ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
];

function carry(
  previous: readonly NodeCondition[] | undefined,
  next: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>,
  now: string,
): NodeCondition {
  const before = previous?.find((c) => c.type === next.type);
  const lastTransitionTime =
    before?.status === next.status && before.lastTransitionTime ? before.lastTransitionTime : now;
  return { ...next, lastHeartbeatTime: now, lastTransitionTime };
}

export function nodeConditions(
  health: RuntimeHealth,
  nowMs: number,
  previous?: readonly NodeCondition[],
): NodeCondition[] {
  const now = rfc3339(nowMs);
  const pressure = PRESSURE.map(([type, reason, message]) =>
    carry(previous, { type, status: 'False', reason, message }, now),
  );
  const ready = health.healthy
    ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message: `container runtime is down: ${health.message ?? 'not answering'}`,
      };
  return [...pressure, carry(previous, ready, now)];
}

export function nodeStatus(facts: NodeFacts, conditions: NodeCondition[]): NodeStatus {
  return {
    capacity: { ...facts.capacity },
    allocatable: { ...facts.capacity },
    conditions,
    addresses: [
      { type: 'InternalIP', address: facts.nodeIp },
      { type: 'Hostname', address: facts.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
  };
}

/** The Node to create at registration. */
export function newNode(facts: NodeFacts, conditions: NodeCondition[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.nodeName,
      labels: {
        'kubernetes.io/hostname': facts.nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': facts.architecture,
      },
    },
    spec: facts.podCidr ? { podCIDR: facts.podCidr, podCIDRs: [facts.podCidr] } : {},
    status: nodeStatus(facts, conditions),
  };
}
