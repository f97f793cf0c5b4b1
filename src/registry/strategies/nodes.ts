// Nodes: cluster-scoped; the kubelet registers a node with its status, so create keeps status (as Kubernetes
// does), while later PUTs on the node keep the stored status: heartbeats go through nodes/status.
import { baseStrategy, type Strategy } from '../strategy';

export const nodesStrategy = (): Strategy => ({ ...baseStrategy('nodes'), hasStatus: true });
