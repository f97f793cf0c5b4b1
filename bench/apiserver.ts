// Apiserver benchmark, both stores in one run, against `k8ts apiserver` as a separate process:
//  - Pod create throughput at 16 and 64 concurrent HTTP clients, as a ratio of the raw store's own create
//    rate at the same concurrency (target ≥ 0.7×), with p50/p99 create and p99 get latency (target ≤ 50 ms),
//    and the rate of GET /healthz at that concurrency: a bare HTTP round trip, the ceiling of any API call;
//  - watch fan-out: 1,000 watchers, 200 paced creates; p99 create → delivery delay ≤ 100 ms, no event lost;
//  - memory: a fresh server holding 10,000 pods with 100 watches open; RSS ≤ 300 MB;
//  - the CPU budget of a create (./apiserver/cpu-budget): CPU per create of the bench process, the apiserver
//    and etcd, measured from /proc over the create slices, and the rate this host's cores allow at that cost.
// Starts its own etcds (a fresh one per etcd-backed server); everything on 127.0.0.1, every process stopped
// by PID. The notes give the host's load average, and the budget the CPU other processes took meanwhile: on a
// shared machine it moves every number here.
// Knobs: K8TS_BENCH_SECONDS (per subject per cell, default 2.4), K8TS_BENCH_STORES (default "sqlite,etcd"),
// K8TS_BENCH_CLIENTS (default "16,64"), K8TS_BENCH_THROUGHPUT_ONLY=1 (no fan-out or memory phase),
// K8TS_BENCH_WARMUP_SECONDS (default 3), K8TS_BENCH_CPU_PROF=<dir> (servers run under node --cpu-prof), K8TS_BENCH_PROBE=<dir>
// (servers record stalls, GC pauses and server-side POST times), K8TS_BENCH_REPO=<checkout> (servers run from
// another tree, for before/after figures).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Etcd3 } from 'etcd3';
import { openEtcdStore, openSqliteStore, type Store } from '../src/storage';
import { startEtcd } from '../test/support/etcd';
import { cpuBudgetNotes } from './apiserver/cpu-budget';
import { closedLoop, expectStatus, keepAliveAgent } from './apiserver/http-load';
import { benchPod } from './apiserver/pods';
import { measureMemory, type MemoryResult } from './apiserver/memory';
import { startServerProcess, type ServerProcess, type StoreKind } from './apiserver/server-process';
import { measureThroughput, type ThroughputResult } from './apiserver/throughput';
import {
  FANOUT_COLUMNS,
  fanoutCells,
  measureFanout,
  tableMs as ms,
  type FanoutResult,
} from './apiserver/watch-fanout';
import { CpuMeter, hostCores, pidsOf } from './support/proc-cpu';
import { formatTable, type Benchmark, type Table } from './support/table';

const SECONDS = Number(process.env.K8TS_BENCH_SECONDS ?? 2.4);
const ROUNDS = 4;
/** API creates, not measured, before the first cell: a fresh server's first seconds are spent compiling. */
const WARMUP_SECONDS = Number(process.env.K8TS_BENCH_WARMUP_SECONDS ?? 3);
const CLIENTS = (process.env.K8TS_BENCH_CLIENTS ?? '16,64').split(',').map(Number);
const FANOUT = { watchers: 1000, pods: 200, podsPerSecond: 25 };
const MEMORY = { pods: 10_000, watchers: 100, clients: 32 };
const STORES = (process.env.K8TS_BENCH_STORES ?? 'sqlite,etcd').split(',') as StoreKind[];
/** Only the throughput cells (no fan-out, no memory phase): for short runs while iterating. */
const THROUGHPUT_ONLY = process.env.K8TS_BENCH_THROUGHPUT_ONLY === '1';

interface StoreResult {
  store: StoreKind;
  throughput: { clients: number; r: ThroughputResult }[];
  fanout?: FanoutResult;
  memory?: MemoryResult;
}

const began = Date.now();
/** Progress on stderr, so a run of a few minutes shows where it is; the table goes to stdout at the end. */
const progress = (msg: string) =>
  process.stderr.write(`  [${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

async function createNamespace(url: string, name: string): Promise<void> {
  const agent = keepAliveAgent(1);
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await expectStatus(201, agent, url, 'POST', '/api/v1/namespaces', body).finally(() => agent.destroy());
}

/** Creates pods through the API for WARMUP_SECONDS at the first cell's concurrency; nothing is recorded. */
async function warmUp(url: string, clients: number): Promise<void> {
  const agent = keepAliveAgent(clients);
  const create = async (_c: number, i: number) => {
    const body = JSON.stringify(benchPod(`warm-${i}`));
    await expectStatus(201, agent, url, 'POST', '/api/v1/namespaces/bench/pods', body);
  };
  await closedLoop(clients, WARMUP_SECONDS * 1000, create, { next: 0 }).finally(() => agent.destroy());
}

/** A fresh etcd for f (fresh data: a `k8ts apiserver` has no key prefix flag), stopped by PID after. */
async function withEtcd<T>(f: (endpoints: string[]) => Promise<T>): Promise<T> {
  const etcd = await startEtcd({ name: 'k8ts-bench-apiserver' });
  try {
    return await f(etcd.endpoints);
  } finally {
    await etcd.stop();
  }
}

/** A server process on this store with an empty data dir (sqlite) or the given etcd; always stopped. */
async function withServer<T>(
  store: StoreKind,
  etcdEndpoints: string[],
  dir: string,
  f: (s: ServerProcess) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(dir, `${store}-`));
  const server = await startServerProcess(
    store === 'sqlite' ? { store, dataDir } : { store, etcdServers: etcdEndpoints },
  );
  try {
    return await f(server);
  } finally {
    await server.stop();
  }
}

/** Throughput (server and raw store on the same etcd or disk) and fan-out, on one server process. */
async function loadPhases(store: StoreKind, etcdEndpoints: string[], dir: string) {
  const rawStore: Store =
    store === 'sqlite'
      ? openSqliteStore({ path: path.join(mkdtempSync(path.join(dir, 'raw-')), 'raw.db'), compactWindow: 0 })
      : openEtcdStore({ endpoints: etcdEndpoints, prefix: '/bench-raw', compactWindow: 0 });
  const rawEtcd = store === 'etcd' ? new Etcd3({ hosts: etcdEndpoints }) : undefined;
  try {
    return await withServer(store, etcdEndpoints, dir, async (server) => {
      await createNamespace(server.url, 'bench');
      await createNamespace(server.url, 'fanout');
      progress(`${store}: warm-up, ${WARMUP_SECONDS} s of creates`);
      await warmUp(server.url, CLIENTS[0]!);
      const throughput = [];
      const cpu = new CpuMeter({
        bench: [process.pid],
        apiserver: [server.pid],
        ...(store === 'etcd' ? { etcd: etcdEndpoints.flatMap((url) => pidsOf('etcd', url)) } : {}),
      });
      for (const clients of CLIENTS) {
        progress(`${store}: create throughput, ${clients} clients`);
        const sliceMs = (SECONDS * 1000) / ROUNDS;
        const opts = {
          url: server.url,
          namespace: 'bench',
          clients,
          rawStore,
          rawEtcd,
          sliceMs,
          rounds: ROUNDS,
          serverCpuMs: () => server.cpuMs(),
          cpu,
        };
        throughput.push({ clients, r: await measureThroughput(opts) });
      }
      if (THROUGHPUT_ONLY) return { throughput };
      progress(`${store}: watch fan-out to ${FANOUT.watchers} watchers`);
      const serverCpuMs = () => server.cpuMs();
      const fanout = await measureFanout({ url: server.url, namespace: 'fanout', ...FANOUT, serverCpuMs });
      return { throughput, fanout };
    });
  } finally {
    await rawStore.close();
    rawEtcd?.close();
  }
}

/** Memory on a server of its own, with exactly MEMORY.pods pods stored (none from the load phases). */
function memoryPhase(store: StoreKind, etcdEndpoints: string[], dir: string): Promise<MemoryResult> {
  return withServer(store, etcdEndpoints, dir, async (server) => {
    await createNamespace(server.url, 'mem');
    progress(`${store}: memory with ${MEMORY.pods} pods and ${MEMORY.watchers} watchers`);
    return measureMemory({ server, namespace: 'mem', ...MEMORY });
  });
}

async function benchStore(store: StoreKind, dir: string): Promise<StoreResult> {
  const memory = () =>
    THROUGHPUT_ONLY
      ? undefined
      : store === 'sqlite'
        ? memoryPhase(store, [], dir)
        : withEtcd((endpoints) => memoryPhase(store, endpoints, dir));
  const load =
    store === 'sqlite'
      ? await loadPhases(store, [], dir)
      : await withEtcd((endpoints) => loadPhases(store, endpoints, dir));
  return { store, ...load, memory: await memory() };
}

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function report(results: StoreResult[], loadAtStart: number): Table {
  const rows: (string | number)[][] = [];
  const notes: string[] = [
    `host: ${cpus().length} CPUs, 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
    `${SECONDS} s per subject per cell (${ROUNDS} interleaved slices) after a 0.3 s warm-up; get: ${(SECONDS * 2) / ROUNDS} s; ` +
      `each server first warmed up with ${WARMUP_SECONDS} s of API creates (not measured: a fresh server spends its first seconds compiling)`,
    'store create/s: the same backend opened in the bench process, create of a ~1 KB pod value',
    'etcd put/s: bare etcd3 client puts (reference); latencies in ms',
    'CPU ms/create: server CPU (user + system, 10 ms ticks) over the create slices / creates in them',
    'healthz/s: GET /healthz at the same concurrency, a bare HTTP round trip: the ceiling of any API call',
  ];
  for (const { store, throughput } of results) {
    for (const { clients, r } of throughput) {
      const ratio = r.apiOps / r.rawStoreOps;
      rows.push([
        store,
        clients,
        Math.round(r.rawStoreOps),
        r.rawEtcdPutOps === undefined ? '-' : Math.round(r.rawEtcdPutOps),
        Math.round(r.apiOps),
        ratio,
        Number(r.cpuMsPerCreate.toFixed(2)),
        ms(r.createP50),
        ms(r.createP99),
        Math.round(r.getOps),
        ms(r.getP99),
        Math.round(r.healthzOps),
      ]);
      notes.push(
        `${store} ${clients} clients: ≥ 0.7× store: ${verdict(ratio >= 0.7)}; p99 create/get ≤ 50 ms: ${verdict(r.createP99 <= 50 && r.getP99 <= 50)}`,
      );
    }
  }
  const fanout: Table = {
    title: `Watch fan-out: ${FANOUT.watchers} watchers, ${FANOUT.pods} pods created at ${FANOUT.podsPerSecond}/s; delay = create sent → event received (ms)`,
    columns: ['store', 'open all (ms)', ...FANOUT_COLUMNS, 'p99 ≤ 100, none lost'],
    rows: results.flatMap(({ store, fanout: f }) =>
      f
        ? [
            [
              store,
              Math.round(f.openMs),
              ...fanoutCells(f),
              verdict(f.p99 <= 100 && f.lost === 0 && f.duplicates === 0),
            ],
          ]
        : [],
    ),
  };
  const memory: Table = {
    title: `Server memory: ${MEMORY.pods.toLocaleString('en-US')} pods stored, ${MEMORY.watchers} watches open (MB)`,
    columns: ['store', 'idle RSS', 'RSS', 'peak RSS', 'fill (s)', 'RSS ≤ 300'],
    rows: results.flatMap(({ store, memory: m }) =>
      m
        ? [
            [
              store,
              Math.round(m.idleMb),
              Math.round(m.rssMb),
              Math.round(m.peakMb),
              Math.round(m.fillSeconds),
              verdict(m.rssMb <= 300),
            ],
          ]
        : [],
    ),
  };
  const budget = results.flatMap(({ store, throughput }) => throughput.map((t) => ({ store, ...t })));
  notes.push('', ...cpuBudgetNotes(budget, hostCores()));
  if (!THROUGHPUT_ONLY)
    notes.push('', ...formatTable(fanout).split('\n'), '', ...formatTable(memory).split('\n'));
  return {
    title: 'Pod create throughput through the apiserver vs the raw store (ops/s)',
    columns: [
      'store',
      'clients',
      'store create/s',
      'etcd put/s',
      'api create/s',
      '× store',
      'CPU ms/create',
      'p50 create',
      'p99 create',
      'api get/s',
      'p99 get',
      'healthz/s',
    ],
    rows,
    notes,
  };
}

async function run(): Promise<Table> {
  const loadAtStart = loadavg()[0]!;
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-bench-apiserver-'));
  try {
    const results: StoreResult[] = [];
    for (const store of STORES) results.push(await benchStore(store, dir));
    return report(results, loadAtStart);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'apiserver',
  description: 'Pod create throughput vs the raw store, watch fan-out to 1,000 watchers, server memory',
  run,
};
