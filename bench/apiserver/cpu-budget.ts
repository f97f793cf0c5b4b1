// The CPU budget of a create, from the CPU Linux accounted to each process during the create slices: what one
// create through the raw store and one through the API cost the bench process, the apiserver and etcd, and
// the whole machine. From it, the most creates per second this host could do on that path if every core did
// nothing else (cores / CPU-s per create): the ceiling the measured rates run into, and whether the 0.7×
// target can be met here at all.
import { formatTable, type Table } from '../support/table';
import type { CpuSpent, ThroughputResult } from './throughput';

export interface BudgetInput {
  store: string;
  clients: number;
  r: ThroughputResult;
}

const PROCESSES = ['bench', 'apiserver', 'etcd'];

const perCreate = (ms: number, ops: number) => (ops > 0 ? ms / ops : NaN);
const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

function budgetRow(store: string, clients: number, path: string, rate: number, spent: CpuSpent) {
  const { tally, ops } = spent;
  const cells = PROCESSES.map((p) =>
    p in tally.byProcess ? perCreate(tally.byProcess[p]!, ops) : undefined,
  );
  const ours = cells.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const machine = perCreate(tally.machine, ops);
  return {
    ours,
    /** Cores that processes outside the benchmark kept busy meanwhile, on average. */
    othersCores: (Math.max(0, machine - ours) * rate) / 1000,
    row: [
      store,
      clients,
      path,
      Math.round(rate),
      ...cells.map((v) => (v === undefined ? '-' : fixed(v))),
      fixed(ours),
      fixed(machine),
      fixed(Math.max(0, machine - ours)),
    ],
  };
}

/** Lines for the benchmark's notes: the budget table and, per cell, what it means for the ratio target. */
export function cpuBudgetNotes(inputs: BudgetInput[], cores: number): string[] {
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  for (const { store, clients, r } of inputs) {
    if (!r.cpu) continue;
    const raw = budgetRow(store, clients, 'store', r.rawStoreOps, r.cpu.store);
    const api = budgetRow(store, clients, 'API', r.apiOps, r.cpu.api);
    const rawCeiling = (cores * 1000) / raw.ours;
    const apiCeiling = (cores * 1000) / api.ours;
    rows.push([...raw.row, Math.round(rawCeiling)], [...api.row, Math.round(apiCeiling)]);
    const needed = (cores * 1000) / (0.7 * r.rawStoreOps);
    const shared = Math.max(raw.othersCores, api.othersCores) / cores;
    verdicts.push(
      `${store} ${clients} clients: the API path costs ${fixed(api.ours, 2)} CPU-ms per create, so at most ` +
        `${Math.round(apiCeiling).toLocaleString('en-US')}/s on ${cores} cores = ${(apiCeiling / r.rawStoreOps).toFixed(2)}× ` +
        `the store's measured rate; 0.7× needs ≤ ${fixed(needed, 3)} CPU-ms per create (${(api.ours / needed).toFixed(1)}× less)` +
        (shared > 0.1
          ? ` [shared host: others used ${Math.round(shared * 100)}% of its CPU during these slices, so rates and latencies are worse than on a quiet one]`
          : ''),
    );
  }
  if (rows.length === 0) return [];
  const table: Table = {
    title: `CPU budget per create (CPU-ms, measured from /proc over the create slices; ${cores} cores)`,
    columns: [
      'store',
      'clients',
      'path',
      'creates/s',
      'bench process',
      'apiserver',
      'etcd',
      'ours',
      'machine',
      'others',
      'ceiling/s',
    ],
    rows,
    notes: [
      'bench process: the load generator (on the store path it is also the store); apiserver and etcd: their own processes',
      'ours = their sum; machine = all busy CPU (/proc/stat); others = machine − ours: processes outside this benchmark',
      `ceiling/s = ${cores} cores / ours: the most creates per second this host could do on that path with nothing else running`,
      ...verdicts,
    ],
  };
  return formatTable(table).split('\n');
}
