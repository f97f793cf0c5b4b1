// Storage benchmark: create throughput of 1 KB objects at 1, 16 and 64 concurrent clients, for raw etcd puts
// (the etcd3 client alone, the baseline), the etcd backend and the sqlite backend (a file in a temp dir, WAL,
// fsync at every commit). Starts and stops its own etcd. Each cell runs for K8TS_BENCH_SECONDS (default 2.4)
// per subject, in interleaved slices.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Etcd3 } from 'etcd3';
import { openEtcdStore, openSqliteStore, type Store } from '../src/storage';
import { startEtcd } from '../test/support/etcd';
import type { Benchmark, Table } from './support/table';

const SECONDS = Number(process.env.K8TS_BENCH_SECONDS ?? 2.4);
const ROUNDS = 6;
const CLIENTS = [1, 16, 64];
const VALUE = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', data: 'x'.repeat(990) }); // ~1 KB

type Op = (client: number, i: number) => Promise<unknown>;

interface Tally {
  ops: number;
  ms: number;
}

/** Runs `clients` loops calling op back to back for ms; adds the completed ops and the elapsed time to tally. */
async function slice(op: Op, clients: number, ms: number, tally: Tally): Promise<void> {
  const start = performance.now();
  const deadline = start + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < deadline) {
        await op(c, tally.ops + done++);
      }
    }),
  );
  tally.ops += done;
  tally.ms += performance.now() - start;
}

/**
 * Ops/s of each subject at this concurrency. The machine is shared, so subjects take turns in short slices
 * (ROUNDS of them, order rotated) instead of one long run each: background load then hits every subject alike.
 */
async function compare(subjects: Op[], clients: number): Promise<number[]> {
  const tallies = subjects.map(() => ({ ops: 0, ms: 0 }));
  for (const [i, op] of subjects.entries()) await slice(op, clients, 300, { ops: 1e9 * (i + 1), ms: 0 }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round, so no subject always runs right after the sqlite one's fsync burst.
    for (let k = 0; k < subjects.length; k++) {
      const i = (k + round) % subjects.length;
      await slice(subjects[i]!, clients, (SECONDS * 1000) / ROUNDS, tallies[i]!);
    }
  }
  return tallies.map((t) => t.ops / (t.ms / 1000));
}

/** The create-if-absent transaction the etcd backend sends, from the bare client: the cost of CAS itself. */
const rawCreate = (raw: Etcd3, key: string) =>
  raw.kv.txn({
    compare: [{ key: Buffer.from(key), target: 'Create', result: 'Equal', create_revision: 0 }],
    success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(VALUE) } }],
  });

const storeCreate =
  (store: Store, cell: string): Op =>
  (c, i) =>
    store.create(`/registry/pods/${cell}/pod-${i}`, VALUE);

async function run(): Promise<Table> {
  const etcd = await startEtcd({ name: 'k8ts-bench' });
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-bench-'));
  const raw = new Etcd3({ hosts: etcd.endpoints });
  const etcdStore = openEtcdStore({ endpoints: etcd.endpoints, prefix: '/k8ts', compactWindow: 0 });
  const sqlite = openSqliteStore({ path: path.join(dir, 'state.db'), compactWindow: 0 });
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    for (const clients of CLIENTS) {
      const [rawOps, txnOps, etcdOps, sqliteOps] = (await compare(
        [
          (c, i) => raw.put(`/raw/c${clients}-${c}/${i}`).value(VALUE).exec(),
          (c, i) => rawCreate(raw, `/txn/c${clients}-${c}/${i}`),
          storeCreate(etcdStore, `c${clients}`),
          storeCreate(sqlite, `c${clients}`),
        ],
        clients,
      )) as [number, number, number, number];
      rows.push([
        clients,
        Math.round(rawOps),
        Math.round(txnOps),
        Math.round(etcdOps),
        etcdOps / rawOps,
        etcdOps / txnOps,
        Math.round(sqliteOps),
        sqliteOps / rawOps,
      ]);
      const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
      notes.push(`${clients} clients: etcd backend ≥ 0.85× raw: ${verdict(etcdOps >= 0.85 * rawOps)}`);
      if (clients === 16)
        notes.push(`16 clients: sqlite backend ≥ 2× raw etcd: ${verdict(sqliteOps >= 2 * rawOps)}`);
    }
  } finally {
    await Promise.allSettled([etcdStore.close(), sqlite.close()]);
    raw.close();
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  notes.unshift(
    'raw put: etcd3 client put; raw txn: the same client sending the create-if-absent txn the backend sends',
  );
  notes.unshift(
    `${SECONDS} s per cell (${ROUNDS} interleaved slices) after a 0.3 s warm-up; 1 KB values; one etcd member on loopback; sqlite WAL + synchronous=FULL`,
  );
  return {
    title: 'Create throughput (ops/s)',
    columns: ['clients', 'raw put', 'raw txn', 'etcd backend', '× put', '× txn', 'sqlite backend', '× put'],
    rows,
    notes,
  };
}

export const benchmark: Benchmark = {
  name: 'storage',
  description: 'create throughput of 1 KB objects: raw etcd vs the etcd and sqlite backends',
  run,
};
