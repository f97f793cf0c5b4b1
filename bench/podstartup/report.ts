// Turns the samples and stage marks into the benchmark's tables: the latency table with verdicts against the
// issue's targets, and a per-stage breakdown (time from the previous stage to this one, by pod) under it.
import { loadavg, cpus } from 'node:os';
import { percentile } from '../apiserver/http-load';
import { formatTable, type Table } from '../support/table';
import { STAGES, type StageRecorder } from './stages';

export const TARGET_P99_MS = 1500;
export const TARGET_RATIO = 2;

export interface Results {
  dockerode: number[];
  dockerodeAtOnce: number[];
  cli: number[];
  /** atOnce: compared with the docker runs sent at once, like for like. */
  phases: { name: string; uids: string[]; atOnce: boolean }[];
  stages: StageRecorder;
  loadAtStart: number;
}

const ms = (v: number) => (Number.isNaN(v) ? '-' : v >= 10 ? Math.round(v) : Number(v.toFixed(1)));
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** create sent → Running seen, per pod. */
export function podLatencies(stages: StageRecorder, uids: string[]): number[] {
  return uids.map((uid) => {
    const t = stages.times(uid);
    return (t.runningSeen ?? NaN) - (t.createSent ?? NaN);
  });
}

function stageTable(r: Results): Table {
  const deltas = r.phases.map(({ uids }) =>
    STAGES.slice(1).map((stage, i) =>
      uids
        .map((uid) => {
          const t = r.stages.times(uid);
          return (t[stage] ?? NaN) - (t[STAGES[i]!] ?? NaN);
        })
        .filter((d) => !Number.isNaN(d)),
    ),
  );
  return {
    title: 'Where the time goes: ms from the previous stage (p50 / p99 over the pods)',
    columns: ['stage', ...r.phases.flatMap((p) => [`${p.name} p50`, `${p.name} p99`])],
    rows: STAGES.slice(1).map((stage, i) => [
      `${STAGES[i]} → ${stage}`,
      ...deltas.flatMap((d) => [ms(percentile(d[i]!, 50)), ms(percentile(d[i]!, 99))]),
    ]),
  };
}

export function report(r: Results): Table {
  const base = percentile(r.dockerode, 99);
  const baseCli = percentile(r.cli, 99);
  const baseAtOnce = percentile(r.dockerodeAtOnce, 99);
  const row = (name: string, s: number[], target: string, vsAtOnce = false) => [
    name,
    s.length,
    ms(percentile(s, 50)),
    ms(percentile(s, 99)),
    ms(Math.max(...s)),
    percentile(s, 99) / (vsAtOnce ? baseAtOnce : base),
    percentile(s, 99) / baseCli,
    target,
  ];
  const rows = [
    row('docker run (dockerode create+start)', r.dockerode, '-'),
    row('docker run (CLI process)', r.cli, '-'),
    row('docker run ×n at once (dockerode)', r.dockerodeAtOnce, '-', true),
  ];
  const notes = [
    `host: ${cpus().length} CPUs, 1-min load average ${r.loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
    'apiserver: `k8ts apiserver --store sqlite`, a separate process; kubelet: in this process (Kubelet + DockerRuntime),',
    '  its client, runtime, network plugin and Docker client wrapped to time each stage; own dockerd, bridge k8tsbp0',
    'pod latency = create request sent → phase Running seen on the bench’s watch; spec.nodeName set (no scheduler)',
    `targets: p99 ≤ ${TARGET_P99_MS} ms and ≤ ${TARGET_RATIO}× the bare docker run p99 (dockerode; the CLI column is for reference)`,
    '× dockerode p99: the pods at once and the docker runs at once are compared with each other (like for like)',
  ];
  for (const { name, uids, atOnce } of r.phases) {
    const s = podLatencies(r.stages, uids);
    const p99 = percentile(s, 99);
    const ratio = p99 / (atOnce ? baseAtOnce : base);
    rows.push(row(`pods, ${name}`, s, verdict(p99 <= TARGET_P99_MS && ratio <= TARGET_RATIO), atOnce));
    notes.push(
      `${name}: p99 ≤ ${TARGET_P99_MS} ms: ${verdict(p99 <= TARGET_P99_MS)}; ≤ ${TARGET_RATIO}× docker run${atOnce ? ' (at once)' : ''}: ${verdict(ratio <= TARGET_RATIO)}`,
    );
  }
  notes.push('', ...formatTable(stageTable(r)).split('\n'));
  return {
    title: 'Pod startup latency on one node vs a bare docker run of the same image (ms)',
    columns: ['subject', 'n', 'p50', 'p99', 'max', '× dockerode p99', '× CLI p99', 'target'],
    rows,
    notes,
  };
}
