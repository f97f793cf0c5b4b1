// Validation benchmark (issue 4 follow-up): the CPU cost of validating one Pod, in-process, no API server.
// Validates the apiserver benchmark's pod (bench/apiserver/pods.ts, defaulted as the registry would) N
// times, and times the two pieces a profile found hot: field-path building (`child`) and quantity parsing.
// Each piece runs beside the pre-issue-4 way of doing it (a frozen copy of the old `child`, and the
// general quantity parser, which is still the fallback), so one run shows before and after. The whole-pod
// number has no "before" column: the old validation code is gone (see the report of that change).
// K8TS_BENCH_PODS changes N (default 5,000).
import { performance } from 'node:perf_hooks';
import { defaultPod } from '../src/api/defaults';
import type { KubeObject, Pod } from '../src/api/types';
import { validateObject } from '../src/api/validation';
import { child } from '../src/api/validation/field-path';
import { parseQuantity } from '../src/api/quantity';
import { parseQuantityGeneral } from '../src/api/quantity/quantity';
import { benchPod } from './apiserver/pods';
import type { Benchmark, Table } from './support/table';

const PODS = Number(process.env.K8TS_BENCH_PODS ?? 5000);
const ROUNDS = 5;
/** The quantities of the bench pod, in the order validation meets them. */
const QUANTITIES = ['100m', '64Mi', '200m', '128Mi', '10m', '16Mi'];

/** `child` as it was before issue 4: an array copy, a filter and a join on every call. */
function oldChild(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p !== '').join('.');
}

let sink = 0; // keeps results alive so the JIT cannot drop the work being timed

/** Best (least disturbed) of ROUNDS runs of `n` calls, in ns per call. The machine is shared and loaded. */
function best(n: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(i); // warm-up: let the JIT compile it first
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    min = Math.min(min, ((performance.now() - start) * 1e6) / n);
  }
  return min;
}

function defaultedPod(): KubeObject {
  const pod = structuredClone(benchPod('bench-000001')) as Pod;
  pod.metadata = { ...pod.metadata, namespace: 'default' };
  defaultPod(pod);
  const obj = pod as unknown as KubeObject;
  const errs = validateObject('Pod', obj);
  if (errs.length > 0) throw new Error(`bench pod is invalid: ${errs.join('; ')}`);
  return obj;
}

export const benchmark: Benchmark = {
  name: 'validation',
  description: `validateObject('Pod') of the apiserver bench pod, ${PODS.toLocaleString('en-US')} times; child() and quantity parsing old vs new`,
  async run(): Promise<Table> {
    const pod = defaultedPod();
    const podNs = best(PODS, () => (sink += validateObject('Pod', pod).length));
    const calls = PODS * 10;
    const paths = ['spec.containers[0]', 'spec.containers[1].resources', 'metadata'];
    const childOld = best(calls, (i) => (sink += oldChild(paths[i % 3]!, 'name').length));
    const childNew = best(calls, (i) => (sink += child(paths[i % 3]!, 'name').length));
    const qOld = best(calls, (i) => (sink += parseQuantityGeneral(QUANTITIES[i % 6]!).sign()));
    const qNew = best(calls, (i) => (sink += parseQuantity(QUANTITIES[i % 6]!).sign()));
    const row = (what: string, unit: string, before: number | string, after: number) => [
      what,
      unit,
      before,
      after,
      typeof before === 'number' ? `${(before / after).toFixed(1)}×` : '',
    ];
    return {
      title: `Pod validation cost (best of ${ROUNDS} rounds)`,
      columns: ['what', 'unit', 'before', 'after', 'speed-up'],
      rows: [
        row('validateObject(Pod)', 'µs/pod', '—', podNs / 1000),
        row('child(path, name)', 'ns/call', childOld, childNew),
        row('parseQuantity (bench pod mix)', 'ns/call', qOld, qNew),
      ],
      notes: [`sink ${sink % 7}; compare runs only on the same machine under similar load (see \`uptime\`)`],
    };
  },
};
