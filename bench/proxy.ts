// Proxy benchmark (root only): a client pod reaching a server pod through a service (cluster IP) versus at its
// pod IP directly, side by side in one run, for each proxy mode — the real userspace and iptables proxiers run
// in a "node" network namespace, synced once with the service (no apiserver). Measures bulk throughput (one TCP
// connection, 1 GiB or what fits in 30 s) with what it costs in CPU per GiB — the machine's, and the path's own
// (client, server and proxy, which unlike MiB/s hardly depends on how busy the host is) — small HTTP
// requests/s with keep-alive and with a new connection each, and TCP connect latency (p50/p99 of handshakes
// taken alternately direct / service, so the added p99 is a difference of two p99s under the same load, printed
// beside the noise floor it has to beat). Everything lives in namespaces it creates (bench/proxy/network.ts)
// and is removed in `finally`; helpers are stopped by PID.
// Beside the modes, references are measured the same way: a bare Node forwarder (net + pipe, no proxy logic),
// the ceiling any userspace proxy written in Node has on this host, and a C forwarder (splice(2), or read/write),
// the least kernel work any userspace forwarder does — against which the userspace proxier's figure is read.
import { cpus, loadavg } from 'node:os';
import { C_MODES, CFWD_BYTES, buildForwarder, type BuiltForwarder } from './proxy/cfwd';
import { startHelper, type Helper } from './proxy/child';
import { type Cost, type Pids, costRows, meter, newCost } from './proxy/cost';
import {
  CLUSTER_IP,
  HTTP_PORT,
  SERVER_IP,
  SERVICE_HTTP_PORT,
  SINK_PORT,
  createNetwork,
  type BenchNetwork,
} from './proxy/network';
import type { Benchmark, Table } from './support/table';

const BULK_BYTES = Number(process.env.K8TS_BENCH_PROXY_BYTES ?? 2 ** 30);
const BULK_CAP_MS = 30_000;
/** Interleaved rounds for the rate and latency measures; each subject gets SLICE_MS per round. */
const ROUNDS = 3;
const SLICE_MS = Number(process.env.K8TS_BENCH_PROXY_SLICE_MS ?? 1500);
const CONCURRENCY = 4;
/** Handshakes per subject for the latency percentiles, taken alternately (D S, S D, ...) after a warm-up. */
const CONNECT_PAIRS = Number(process.env.K8TS_BENCH_PROXY_CONNECTS ?? 3000);
const CONNECT_WARMUP = 100;
const CONNECT_CAP_MS = 30_000;
/**
 * DEFAULT_MODES unless K8TS_BENCH_PROXY_MODES lists others (any of ALL_MODES). node-pipe and c-splice are the
 * references for userspace (bench/proxy/proxier.ts): a bare Node forwarder, the most a Node proxy can do here,
 * and a C one with splice(2), the least kernel work any userspace forwarder does; c-rw is C with read/write.
 */
const ALL_MODES = ['userspace', 'node-pipe', 'c-splice', 'c-rw', 'iptables'];
const DEFAULT_MODES = ['userspace', 'node-pipe', 'c-splice', 'iptables'];
const MODES = ALL_MODES.filter((m) =>
  (process.env.K8TS_BENCH_PROXY_MODES ?? DEFAULT_MODES.join(',')).split(',').includes(m),
);

interface Subject {
  name: 'direct' | 'service';
  host: string;
  httpPort: number;
}
const DIRECT: Subject = { name: 'direct', host: SERVER_IP, httpPort: HTTP_PORT };
const SERVICE: Subject = { name: 'service', host: CLUSTER_IP, httpPort: SERVICE_HTTP_PORT };
const BULK_ORDER = [DIRECT, SERVICE, SERVICE, DIRECT, DIRECT, SERVICE];

interface Transfer {
  bytes: number;
  ms: number;
}

interface BulkFigures {
  /** Median MiB/s of the subject's transfers, and each one's. */
  mibps: number;
  each: number[];
  /** The smallest transfer's bytes: less than BULK_BYTES when one hit the time cap. */
  least: number;
  /** What the subject's transfers cost together in CPU. */
  cost: Cost;
}

interface Latency {
  p50: number;
  p99: number;
  n: number;
}

interface Measures {
  bulk: BulkFigures;
  keepAlive: number;
  newConnection: number;
  errors: number;
  connect: Latency;
}

/**
 * How far apart two p99s of the same path land by chance: the direct handshakes split into two interleaved
 * halves, the difference of their p99s. An added latency within this is not told apart from noise.
 */
type NoiseFloor = number;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Requests/s of each subject, in ROUNDS interleaved slices (order alternating), so background load hits both. */
async function rates(
  client: Helper,
  keepAlive: boolean,
): Promise<{ rate: [number, number]; errors: number }> {
  const tally = [0, 0].map(() => ({ requests: 0, ms: 0 }));
  let errors = 0;
  const subjects = [DIRECT, SERVICE];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < 2; k++) {
      const i = (k + round) % 2;
      const s = subjects[i]!;
      const r = await client.request<{ requests: number; errors: number; ms: number }>({
        op: 'http',
        host: s.host,
        port: s.httpPort,
        keepAlive,
        concurrency: CONCURRENCY,
        ms: SLICE_MS,
      });
      tally[i]!.requests += r.requests;
      tally[i]!.ms += r.ms;
      errors += r.errors;
    }
  }
  const rate = tally.map((t) => t.requests / (t.ms / 1000)) as [number, number];
  return { rate, errors };
}

function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

/** Handshake latency of each subject, sampled alternately so background load lands on both alike. */
async function connectLatency(client: Helper): Promise<[Latency, Latency, NoiseFloor]> {
  const r = await client.request<{ ms: [number[], number[]] }>({
    op: 'connect',
    targets: [DIRECT, SERVICE].map((s) => ({ host: s.host, port: s.httpPort })),
    pairs: CONNECT_PAIRS,
    warmup: CONNECT_WARMUP,
    capMs: CONNECT_CAP_MS,
  });
  const [direct, service] = r.ms;
  const halves = [0, 1].map((h) => latency(direct.filter((_, i) => i % 2 === h)).p99);
  return [latency(direct), latency(service), Math.abs(halves[0]! - halves[1]!)];
}

const mibps = (t: Transfer) => t.bytes / 2 ** 20 / (t.ms / 1000);

function summarize(ts: Transfer[], cost: Cost): BulkFigures {
  const each = ts.map(mibps);
  return {
    mibps: percentile(
      [...each].sort((a, b) => a - b),
      50,
    ),
    each,
    least: Math.min(...ts.map((t) => t.bytes)),
    cost,
  };
}

/** One bulk transfer, its CPU added to `cost`. */
async function costedBulk(client: Helper, s: Subject, pids: Pids, cost: Cost): Promise<Transfer> {
  const done = meter(pids, s.name === 'service');
  const t = await bulk(client, s);
  done(cost, t.bytes);
  return t;
}

const bulk = (client: Helper, s: Subject) =>
  client.request<Transfer>({
    op: 'bulk',
    host: s.host,
    port: SINK_PORT,
    bytes: BULK_BYTES,
    capMs: BULK_CAP_MS,
  });

async function measureMode(client: Helper, pids: Pids): Promise<[Measures, Measures, NoiseFloor]> {
  // Warm-up: first connections, ARP, the proxy's lazy paths.
  for (const s of [DIRECT, SERVICE])
    await client.request({
      op: 'http',
      host: s.host,
      port: s.httpPort,
      keepAlive: true,
      concurrency: 1,
      ms: 200,
    });
  // Three transfers per subject in the order D S S D D S, so a burst of background load does not land on one
  // subject only; each subject's figure is the median transfer.
  const bulks = { direct: [] as Transfer[], service: [] as Transfer[] };
  const costs = { direct: newCost(), service: newCost() };
  for (const s of BULK_ORDER) bulks[s.name].push(await costedBulk(client, s, pids, costs[s.name]));
  const bulkDirect = summarize(bulks.direct, costs.direct);
  const bulkService = summarize(bulks.service, costs.service);
  const ka = await rates(client, true);
  const fresh = await rates(client, false);
  const [cDirect, cService, noise] = await connectLatency(client);
  const errors = ka.errors + fresh.errors;
  return [
    { bulk: bulkDirect, keepAlive: ka.rate[0], newConnection: fresh.rate[0], errors, connect: cDirect },
    { bulk: bulkService, keepAlive: ka.rate[1], newConnection: fresh.rate[1], errors, connect: cService },
    noise,
  ];
}

const REFERENCE_NAMES: Record<string, string> = {
  'node-pipe': 'a bare Node forwarder',
  'c-splice': `a C forwarder with splice(2), ${CFWD_BYTES / 1024} KiB pipe`,
  'c-rw': `a C forwarder with read/write, ${CFWD_BYTES / 1024} KiB buffer`,
};

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function rowsFor(
  mode: string,
  [d, s, noise]: [Measures, Measures, NoiseFloor],
  notes: string[],
): (string | number)[][] {
  const throughputTarget = { iptables: 0.95, userspace: 0.7 }[mode];
  const tput = s.bulk.mibps / d.bulk.mibps;
  const addedP99 = s.connect.p99 - d.connect.p99;
  if (throughputTarget)
    notes.push(
      `${mode}: throughput ≥ ${throughputTarget}× direct: ${verdict(tput >= throughputTarget)} (${tput.toFixed(2)}×)`,
    );
  else notes.push(`${mode}: ${REFERENCE_NAMES[mode]} (reference, no target): ${tput.toFixed(2)}× direct`);
  if (mode === 'iptables') {
    // Two p99s of the same path that differ by more than the target cannot show whether it is met.
    const outcome = noise > 1 ? 'inconclusive, the noise floor is above 1 ms' : verdict(addedP99 <= 1);
    notes.push(
      `${mode}: added p99 connect latency ≤ 1 ms: ${outcome} (${addedP99.toFixed(3)} ms over ${s.connect.n} handshakes each; p99 of direct vs direct differs by ${noise.toFixed(3)} ms between halves)`,
    );
  }
  for (const [name, m] of [
    ['direct', d],
    ['service', s],
  ] as const) {
    if (m.bulk.least < BULK_BYTES)
      notes.push(
        `${mode} ${name}: a bulk transfer moved only ${(m.bulk.least / 2 ** 20).toFixed(0)} MiB within the ${BULK_CAP_MS / 1000} s cap`,
      );
  }
  const each = (m: Measures) => m.bulk.each.map((v) => v.toFixed(0)).join('/');
  notes.push(`${mode}: bulk MiB/s of each transfer: direct ${each(d)}, service ${each(s)}`);
  if (d.errors) notes.push(`${mode}: ${d.errors} HTTP requests failed`);
  const ms = (v: number) => Number(v.toFixed(3));
  const target = throughputTarget ? `≥ ${throughputTarget}×` : 'reference';
  return [
    [mode, 'bulk MiB/s (1 conn)', d.bulk.mibps, s.bulk.mibps, tput, target],
    ...costRows(mode, d.bulk.cost, s.bulk.cost, notes),
    [
      mode,
      'HTTP req/s keep-alive',
      Math.round(d.keepAlive),
      Math.round(s.keepAlive),
      s.keepAlive / d.keepAlive,
      '',
    ],
    [
      mode,
      'HTTP req/s new conn',
      Math.round(d.newConnection),
      Math.round(s.newConnection),
      s.newConnection / d.newConnection,
      '',
    ],
    [mode, 'connect p50 ms', ms(d.connect.p50), ms(s.connect.p50), s.connect.p50 / d.connect.p50, ''],
    [
      mode,
      'connect p99 ms',
      ms(d.connect.p99),
      ms(s.connect.p99),
      s.connect.p99 / d.connect.p99,
      mode === 'iptables' ? 'added ≤ 1 ms' : '',
    ],
  ];
}

async function run(): Promise<Table> {
  const columns = ['mode', 'measure', 'direct', 'service', '× direct', 'target'];
  const title = 'Proxy: client pod → service vs → pod IP directly';
  if (process.platform !== 'linux' || process.getuid?.() !== 0)
    return {
      title,
      columns,
      rows: [],
      notes: ['skipped: needs root on Linux (network namespaces, iptables)'],
    };
  const loadAtStart = loadavg();
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const helpers: Helper[] = [];
  let net: BenchNetwork | undefined;
  let cfwd: BuiltForwarder | { missing: string } | undefined;
  try {
    if (MODES.some((m) => C_MODES[m])) cfwd = await buildForwarder();
    net = await createNetwork();
    const server = await startHelper(net.server, 'bench/proxy/server.ts');
    helpers.push(server);
    const client = await startHelper(net.client, 'bench/proxy/client.ts');
    helpers.push(client);
    for (const mode of MODES) {
      if (C_MODES[mode] && cfwd && 'missing' in cfwd) {
        notes.push(`${mode}: skipped, ${cfwd.missing}`);
        continue;
      }
      const args = cfwd && 'binary' in cfwd && C_MODES[mode] ? [cfwd.binary, String(CFWD_BYTES)] : [];
      const proxy = await startHelper(net.node, 'bench/proxy/proxier.ts', [mode, ...args]);
      helpers.push(proxy);
      try {
        const pids = { client: client.pid, server: server.pid, proxy: proxy.pid };
        rows.push(...rowsFor(mode, await measureMode(client, pids), notes));
      } finally {
        await proxy.stop();
        helpers.splice(helpers.indexOf(proxy), 1);
      }
    }
  } finally {
    for (const h of helpers.reverse()) await h.stop().catch(() => {});
    await net?.destroy();
    if (cfwd && 'remove' in cfwd) await cfwd.remove();
  }
  const bulkRatio = (mode: string) =>
    rows.find((r) => r[0] === mode && r[1] === 'bulk MiB/s (1 conn)')?.[4] as number | undefined;
  const [userspace, bare] = [bulkRatio('userspace'), bulkRatio('node-pipe')];
  if (userspace && bare)
    notes.push(
      `userspace proxier vs a bare Node forwarder: ${(userspace / bare).toFixed(2)} of its throughput (${userspace.toFixed(2)}× vs ${bare.toFixed(2)}× direct)`,
    );
  const fmt = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  notes.unshift(
    `bulk: ${(BULK_BYTES / 2 ** 30).toFixed(2)} GiB through one TCP connection (cap ${BULK_CAP_MS / 1000} s), 3 per subject (D S S D D S), median; HTTP: ${CONCURRENCY} loops, ${ROUNDS} interleaved ${SLICE_MS} ms slices per subject; connect: up to ${CONNECT_PAIRS} handshakes per subject, one at a time, alternating D S / S D after ${CONNECT_WARMUP} warm-up pairs (cap ${CONNECT_CAP_MS / 1000} s)`,
    'one node namespace (bridge, no default route), client and server pods on veths; direct = bridged pod to pod; the proxy runs in its own process in the node namespace',
    `host: ${cpus().length} CPUs shared with other work: load average ${fmt(loadAtStart)} at start, ${fmt(loadavg())} at end — figures are noisy`,
  );
  return { title, columns, rows, notes };
}

export const benchmark: Benchmark = {
  name: 'proxy',
  description:
    'client pod → service (userspace and iptables modes) vs → pod IP: throughput, HTTP rate, connect latency',
  run,
};
