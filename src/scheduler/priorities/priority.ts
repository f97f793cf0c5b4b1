// Priority: the shape every score has. A priority rates each feasible node from 0 to MAX_NODE_SCORE for
// one pod; it sees all feasible nodes at once because some scores are relative (spreading compares a
// node's count with the busiest node's). The scheduler adds the scores up, each times its weight.
import type { Selector } from '../../labels';
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';

export const MAX_NODE_SCORE = 100;

export interface PriorityContext {
  /** Selectors of the services and replication controllers that the pod belongs to. */
  readonly selectors: readonly Selector[];
}

export interface Priority {
  readonly name: string;
  readonly weight: number;
  /** One score in [0, MAX_NODE_SCORE] per node, in the order given. */
  scores(pod: PodInfo, nodes: readonly NodeInfo[], ctx: PriorityContext): number[];
}
