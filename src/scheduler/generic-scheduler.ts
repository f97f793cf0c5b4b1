// schedulePod: one scheduling decision, kube-scheduler's generic algorithm. Filter the nodes, score the
// feasible ones, pick the best (ties broken by the injected random source, or round-robin). Pure apart
// from a small search cursor kept per cache; the caller assumes the pod on the chosen node
// (cache.assumePod) before deciding the next one, and only passes pods for which needsScheduling holds.
//
// Throughput: on a big cluster the scheduler stops filtering once it has found enough feasible nodes,
// as kube-scheduler's percentageOfNodesToScore does: by default (adaptive) 50% minus 1% per 125 nodes,
// at least 5% and at least 100 nodes — 10% (500 nodes) of 5,000. Each search starts where the previous
// one stopped, so every node is looked at in turn and pods still spread across the whole cluster. A pod
// that fits nowhere has been checked against every node, so its FitError counts them all.
import type { Selector } from '../labels';
import type { Pod } from '../api/types';
import type { SchedulerCache } from './cache';
import { newFitError, type FitError } from './fit-error';
import type { NodeInfo } from './node-info';
import { newPodInfo } from './pod-info';
import { DEFAULT_FILTERS, runFilters, type Filter } from './predicates';
import { DEFAULT_PRIORITIES, prioritize, type Priority } from './priorities';

export interface ScheduleOptions {
  /**
   * Selectors of the services and replication controllers the pod belongs to, for spreading. Return
   * the same array for pods of the same owners: what is compiled from it is cached per array.
   */
  selectorsFor?: (pod: Pod) => readonly Selector[];
  /** Uniform in [0, 1). Given, ties are broken at random (kube-scheduler); absent, round-robin. */
  rng?: () => number;
  /** 1–100 to fix the share of nodes searched for feasible ones; 0 or absent for the adaptive default. */
  percentageOfNodesToScore?: number;
  filters?: readonly Filter[];
  priorities?: readonly Priority[];
}

export type ScheduleResult = { readonly nodeName: string } | { readonly error: FitError };

/** Kubernetes' floor: below this many nodes every node is searched. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** How many feasible nodes to find before scoring (kube-scheduler's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = Math.min(percentage, 100);
  if (pct <= 0) pct = Math.max(50 - Math.floor(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE);
  return Math.max(Math.floor((numAllNodes * pct) / 100), MIN_FEASIBLE_NODES_TO_FIND);
}

interface Cursor {
  nextStart: number;
  nextTie: number;
}
/** Per cache, so two schedulers over two caches do not share a rotation. */
const cursors = new WeakMap<SchedulerCache, Cursor>();

function cursorFor(cache: SchedulerCache): Cursor {
  let c = cursors.get(cache);
  if (!c) cursors.set(cache, (c = { nextStart: 0, nextTie: 0 }));
  return c;
}

export function schedulePod(pod: Pod, cache: SchedulerCache, options: ScheduleOptions = {}): ScheduleResult {
  const nodes = cache.nodeInfos();
  const n = nodes.length;
  if (n === 0) return { error: newFitError(0, new Map()) };
  const info = newPodInfo(pod);
  const cursor = cursorFor(cache);
  const want = numFeasibleNodesToFind(n, options.percentageOfNodesToScore);
  const filters = options.filters ?? DEFAULT_FILTERS;

  const feasible: NodeInfo[] = [];
  const reasons = new Map<string, number>();
  const start = cursor.nextStart % n;
  let processed = 0;
  while (processed < n && feasible.length < want) {
    const at = start + processed;
    const node = nodes[at < n ? at : at - n]!;
    processed++;
    const r = runFilters(info, node, filters);
    if (r.fits) feasible.push(node);
    else for (const reason of r.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  cursor.nextStart = (start + processed) % n;

  if (feasible.length === 0) return { error: newFitError(n, reasons) };
  if (feasible.length === 1) return { nodeName: feasible[0]!.name };
  const selectors = options.selectorsFor?.(pod) ?? [];
  const scores = prioritize(info, feasible, { selectors }, options.priorities ?? DEFAULT_PRIORITIES);
  return { nodeName: feasible[pickBest(scores, cursor, options.rng)]!.name };
}

/** Index of a highest score; among equals, uniformly at random with rng (reservoir sampling) or in turn. */
function pickBest(scores: readonly number[], cursor: Cursor, rng?: () => number): number {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  if (rng) {
    let chosen = 0;
    let seen = 0;
    scores.forEach((s, i) => {
      if (s === max && rng() * ++seen < 1) chosen = i;
    });
    return chosen;
  }
  const ties: number[] = [];
  scores.forEach((s, i) => s === max && ties.push(i));
  return ties[cursor.nextTie++ % ties.length]!;
}
