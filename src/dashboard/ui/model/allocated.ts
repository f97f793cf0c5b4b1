// Allocated requests: what the pods bound to a node ask for (cpu, memory, pod count), next to what the node
// offers, as the scheduler counts it — terminated pods free their share; a pod's request is its containers'
// sum or its largest init container, whichever is bigger.
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { tryParseQuantity } from '../../../api/quantity';

export interface Amounts {
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
}

const ZERO: Amounts = { cpuMilli: 0, memoryBytes: 0, pods: 0 };

function quantityOf(v: string | number | undefined, milli: boolean): number {
  if (v === undefined) return 0;
  const q = tryParseQuantity(String(v));
  if (!q) return 0;
  return Number(milli ? q.milliValue() : q.value());
}

function containerSum(containers: Container[] | undefined): Amounts {
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const c of containers ?? []) {
    cpuMilli += quantityOf(c.resources?.requests?.cpu, true);
    memoryBytes += quantityOf(c.resources?.requests?.memory, false);
  }
  return { cpuMilli, memoryBytes, pods: 1 };
}

/** One pod's effective request. */
export function podRequests(pod: Pod): Amounts {
  const main = containerSum(pod.spec?.containers);
  for (const c of pod.spec?.initContainers ?? []) {
    const init = containerSum([c]);
    main.cpuMilli = Math.max(main.cpuMilli, init.cpuMilli);
    main.memoryBytes = Math.max(main.memoryBytes, init.memoryBytes);
  }
  return main;
}

export function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Sums the requests of the live pods in `pods` (the caller passes the ones bound to one node). */
export function allocatedRequests(pods: Iterable<Pod>): Amounts {
  const sum = { ...ZERO };
  for (const pod of pods) {
    if (isTerminated(pod)) continue;
    const r = podRequests(pod);
    sum.cpuMilli += r.cpuMilli;
    sum.memoryBytes += r.memoryBytes;
    sum.pods += 1;
  }
  return sum;
}

/** What the node offers pods: allocatable when reported, else capacity. */
export function nodeCapacity(node: Node): Amounts {
  const from = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    cpuMilli: quantityOf(from.cpu, true),
    memoryBytes: quantityOf(from.memory, false),
    pods: quantityOf(from.pods, false),
  };
}

export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatMemory(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[i]}`;
}
