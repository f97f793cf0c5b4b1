// Watch fan-out on its own, for working on it: 1,000 watchers on one namespace's pods of a `k8ts apiserver`
// (sqlite), 200 pods created at 25/s while other pods are created in another namespace at a steady rate. With
// K8TS_BENCH_BASELINE=<dir of another checkout> it runs the baseline's server and this tree's in
// alternating rounds on the same machine, so before/after figures share the load. Knobs:
// K8TS_BENCH_ROUNDS (default 3), K8TS_BENCH_WRITES (background creates per second, default 100),
// K8TS_BENCH_BURST (watched pods sent together at each due time, same average rate; default 1),
// K8TS_BENCH_CPU_PROF=<dir> (servers run under node --cpu-prof).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { expectStatus, keepAliveAgent } from './apiserver/http-load';
import { startServerProcess } from './apiserver/server-process';
import { FANOUT_COLUMNS, fanoutCells, measureFanout, type FanoutResult } from './apiserver/watch-fanout';
import type { Benchmark, Table } from './support/table';

const FANOUT = { watchers: 1000, pods: 200, podsPerSecond: 25 };
const ROUNDS = Number(process.env.K8TS_BENCH_ROUNDS ?? 3);
const WRITES = Number(process.env.K8TS_BENCH_WRITES ?? 100);
const BURST = Number(process.env.K8TS_BENCH_BURST ?? 1);
const BASELINE = process.env.K8TS_BENCH_BASELINE;

async function createNamespace(url: string, name: string): Promise<void> {
  const agent = keepAliveAgent(1);
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await expectStatus(201, agent, url, 'POST', '/api/v1/namespaces', body).finally(() => agent.destroy());
}

/** One fan-out measurement on a fresh server from `repo` (undefined: this tree). */
async function once(dir: string, repo: string | undefined): Promise<FanoutResult> {
  const dataDir = mkdtempSync(path.join(dir, 'sqlite-'));
  const server = await startServerProcess({ store: 'sqlite', dataDir, repo });
  try {
    await createNamespace(server.url, 'fanout');
    await createNamespace(server.url, 'writes');
    const background = WRITES > 0 ? { perSecond: WRITES, namespace: 'writes' } : undefined;
    const serverCpuMs = () => server.cpuMs();
    return await measureFanout({
      url: server.url,
      namespace: 'fanout',
      ...FANOUT,
      burst: BURST,
      background,
      serverCpuMs,
    });
  } finally {
    await server.stop();
  }
}

async function run(): Promise<Table> {
  const loadAtStart = loadavg();
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-bench-fanout-'));
  const subjects: [string, string | undefined][] = BASELINE
    ? [
        ['before', BASELINE],
        ['after', undefined],
      ]
    : [['this tree', undefined]];
  const rows: (string | number)[][] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++)
      for (const [name, repo] of round % 2 ? subjects : [...subjects].reverse()) {
        process.stderr.write(`  round ${round}: ${name}\n`);
        const f = await once(dir, repo);
        rows.push([name, round, ...fanoutCells(f), loadavg()[0]!.toFixed(1)]);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
  return {
    title: `Watch fan-out: ${FANOUT.watchers} watchers, ${FANOUT.pods} pods at ${FANOUT.podsPerSecond}/s in bursts of ${BURST}, ${WRITES} other creates/s; delay create sent → event received (ms)`,
    columns: ['server', 'round', ...FANOUT_COLUMNS, 'load 1m'],
    rows,
    notes: [
      `host: ${cpus().length} CPUs, load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at end; target p99 ≤ 100 ms, none lost`,
    ],
  };
}

export const benchmark: Benchmark = {
  name: 'apiserver-fanout',
  description:
    'Watch fan-out to 1,000 watchers under background writes (before/after with K8TS_BENCH_BASELINE)',
  run,
};
