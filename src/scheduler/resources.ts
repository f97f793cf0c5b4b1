// Resources: what a pod asks for and what a node offers, as plain numbers (milli-CPU and bytes) so the
// per-node arithmetic in filters and scores costs no allocations. Quantities are parsed once, here,
// with the shared api/quantity parser (each distinct text once); the API validates them, so an unparsable
// one counts as zero.
import type { Container, Node, Pod } from '../api/types';
import { tryParseQuantity } from '../api/quantity';

export interface Resources {
  milliCpu: number;
  /** Bytes. */
  memory: number;
}

export interface Allocatable extends Resources {
  /** How many pods the node accepts. */
  pods: number;
}

/** kube-scheduler's stand-ins for a container that requests nothing, used only when scoring (never for fit). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceMap = Readonly<Record<string, string>> | undefined;

/**
 * Parsed quantities by text. Pods of one template, and nodes' heartbeats, repeat the same few strings
 * ("100m", "16Gi"): every pod update and node heartbeat re-derives requests, so parse each text once.
 * Bounded: a cluster with more distinct texts than this starts over rather than growing.
 */
const MEMO_LIMIT = 4096;
const milliMemo = new Map<string, number>();
const wholeMemo = new Map<string, number>();

function parsed(memo: Map<string, number>, text: string, milliUnits: boolean): number {
  let n = memo.get(text);
  if (n === undefined) {
    const q = tryParseQuantity(text);
    n = q ? Number(milliUnits ? q.milliValue() : q.value()) : 0;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, n);
  }
  return n;
}

function milli(map: ResourceMap, name: string): number | undefined {
  const s = map?.[name];
  return s === undefined ? undefined : parsed(milliMemo, String(s), true);
}

function whole(map: ResourceMap, name: string): number | undefined {
  const s = map?.[name];
  return s === undefined ? undefined : parsed(wholeMemo, String(s), false);
}

/**
 * One container's request. A limit with no request stands for the request, which is what API
 * defaulting would have written; the scheduler repeats it so objects that skipped defaulting agree.
 */
function containerRequest(c: Container, nonZero: boolean): Resources {
  const req = c.resources?.requests;
  const lim = c.resources?.limits;
  const cpu = milli(req, 'cpu') ?? milli(lim, 'cpu');
  const mem = whole(req, 'memory') ?? whole(lim, 'memory');
  return {
    milliCpu: cpu ?? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0),
    memory: mem ?? (nonZero ? DEFAULT_MEMORY_REQUEST : 0),
  };
}

/**
 * A pod's effective request, as Kubernetes computes it: the sum over its containers, raised to any
 * single init container's request (init containers run one at a time, before the others), plus
 * spec.overhead. With nonZero, containers that request nothing count kube-scheduler's defaults so that
 * scoring still sees them (a node full of zero-request pods is not "empty").
 */
export function podRequest(pod: Pod, nonZero = false): Resources {
  const total: Resources = { milliCpu: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequest(c, nonZero);
    total.milliCpu += r.milliCpu;
    total.memory += r.memory;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequest(c, nonZero);
    total.milliCpu = Math.max(total.milliCpu, r.milliCpu);
    total.memory = Math.max(total.memory, r.memory);
  }
  const overhead = pod.spec?.overhead;
  total.milliCpu += milli(overhead, 'cpu') ?? 0;
  total.memory += whole(overhead, 'memory') ?? 0;
  return total;
}

/** status.allocatable, falling back to status.capacity per resource; a resource in neither is zero. */
export function nodeAllocatable(node: Node): Allocatable {
  const alloc = node.status?.allocatable;
  const cap = node.status?.capacity;
  return {
    milliCpu: milli(alloc, 'cpu') ?? milli(cap, 'cpu') ?? 0,
    memory: whole(alloc, 'memory') ?? whole(cap, 'memory') ?? 0,
    pods: whole(alloc, 'pods') ?? whole(cap, 'pods') ?? 0,
  };
}
