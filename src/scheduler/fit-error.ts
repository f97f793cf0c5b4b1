// FitError: why a pod fits on no node, and the one-line message FailedScheduling events carry, worded
// and ordered exactly as kube-scheduler's: "0/3 nodes are available: 1 node(s) didn't have free ports for
// the requested pod ports, 2 Insufficient cpu." Each "<count> <reason>" entry is sorted as a whole
// string, byte by byte (Go's sort.Strings), so the count leads the order. kube-scheduler appends a
// "preemption: ..." sentence; k8ts does not preempt, so there is none.

export interface FitError {
  readonly numAllNodes: number;
  /** reason → how many nodes gave it. A node may give several reasons (cpu and memory). */
  readonly reasons: ReadonlyMap<string, number>;
  readonly message: string;
}

/** What kube-scheduler reports when the cluster has no nodes at all. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function fitErrorMessage(numAllNodes: number, reasons: ReadonlyMap<string, number>): string {
  const entries = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort(byteOrder);
  const head = `0/${numAllNodes} nodes are available:`;
  return entries.length ? `${head} ${entries.join(', ')}.` : head;
}

export function newFitError(numAllNodes: number, reasons: ReadonlyMap<string, number>): FitError {
  const message = numAllNodes === 0 ? ERR_NO_NODES_AVAILABLE : fitErrorMessage(numAllNodes, reasons);
  return { numAllNodes, reasons, message };
}
