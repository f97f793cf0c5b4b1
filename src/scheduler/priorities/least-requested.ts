// LeastRequested: prefer the node with the most room left, Kubernetes' default resource score. Per
// resource, (allocatable - requested) * 100 / allocatable, where requested includes this pod; cpu and
// memory are averaged with equal weight. Requests here are the non-zero ones, so pods that ask for
// nothing still make a node look busier.
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { MAX_NODE_SCORE, type Priority } from './priority';

function resourceScore(requested: number, allocatable: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

export function leastRequestedScore(pod: PodInfo, node: NodeInfo): number {
  const cpu = resourceScore(
    node.nonZeroRequested.milliCpu + pod.nonZeroRequest.milliCpu,
    node.allocatable.milliCpu,
  );
  const memory = resourceScore(
    node.nonZeroRequested.memory + pod.nonZeroRequest.memory,
    node.allocatable.memory,
  );
  return Math.floor((cpu + memory) / 2);
}

export const leastRequested: Priority = {
  name: 'LeastRequested',
  weight: 1,
  scores: (pod, nodes) => nodes.map((n) => leastRequestedScore(pod, n)),
};
