// A diagnostic preloaded into a benchmarked process (`node --import .../loop-probe.ts`, set up by
// K8TS_BENCH_PROBE=<dir>): it records every event-loop stall of 5 ms or more (a 1 ms timer that fired late)
// and every GC pause, with their times, and how long each POST took inside the server (request event to
// response finish), and writes them as JSON to <dir>/probe-<pid>.json when the process exits. Under a load
// below saturation a stall is a real pause (GC, a WAL checkpoint, a burst of fan-out); at saturation every
// long event-loop turn counts as one, so read stalls from paced runs. Summarise with
// `npx tsx bench/apiserver/loop-probe.ts <file.json>`.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  monitorEventLoopDelay,
  PerformanceObserver,
  performance,
  type PerformanceEntry,
} from 'node:perf_hooks';

export interface ProbeReport {
  pid: number;
  /** Event-loop delay percentiles over the whole run (ms). */
  delay: { p50: number; p99: number; max: number; mean: number };
  /** Stalls: [start ms since the process began, length ms, CPU ms this process used meanwhile]: a stall
   *  mostly on CPU is our own synchronous work (or GC); one mostly off CPU is the machine's other load. */
  stalls: [number, number, number][];
  /** GC pauses: [start ms, length ms, kind (1 scavenge, 2 mark-compact, 4 incremental, 8 weak callbacks)]. */
  gc: [number, number, number][];
  /** POST requests: [ms from the 'request' event (headers parsed) to the response's 'finish']. */
  posts: number[];
}

const STALL_MS = 5;

/** CPU time of the whole process (all threads), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function start(dir: string): void {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const stalls: [number, number, number][] = [];
  const gc: [number, number, number][] = [];
  let last = performance.now();
  let lastCpu = cpuMs();
  const tick = setInterval(() => {
    const now = performance.now();
    const cpu = cpuMs();
    if (now - last - 1 >= STALL_MS) stalls.push([last, now - last, cpu - lastCpu]);
    last = now;
    lastCpu = cpu;
  }, 1);
  tick.unref();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      gc.push([e.startTime, e.duration, kind]);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const posts: number[] = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (req.method === 'POST') {
        const t = performance.now();
        res.once('finish', () => posts.push(performance.now() - t));
      }
    }
    return (emit as (event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  process.once('exit', () => {
    const ms = (ns: number) => ns / 1e6;
    const report: ProbeReport = {
      pid: process.pid,
      delay: {
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        mean: ms(histogram.mean),
      },
      stalls,
      gc,
      posts,
    };
    writeFileSync(path.join(dir, `probe-${process.pid}.json`), JSON.stringify(report));
  });
}

/** Lines summarising a probe report: delay percentiles, stalls by size, GC time by kind. */
export function summarise(r: ProbeReport): string[] {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const big = r.stalls.filter(([, d]) => d >= 20);
  const onCpu = big.filter(([, d, c]) => c >= d / 2);
  const kinds = new Map<number, number[]>();
  for (const [, d, k] of r.gc) kinds.set(k, [...(kinds.get(k) ?? []), d]);
  const sorted = Float64Array.from(r.posts ?? []).sort();
  const pct = (p: number) => (sorted[Math.floor((sorted.length * p) / 100)] ?? NaN).toFixed(1);
  return [
    `POST in the server (request event → finish): ${sorted.length}, p50 ${pct(50)} p90 ${pct(90)} p99 ${pct(99)} ms`,
    `loop delay p50 ${r.delay.p50.toFixed(1)} p99 ${r.delay.p99.toFixed(1)} max ${r.delay.max.toFixed(1)} ms`,
    `stalls ≥ ${STALL_MS} ms: ${r.stalls.length} (${sum(r.stalls.map((s) => s[1])).toFixed(0)} ms), ≥ 20 ms: ${big.length} (${onCpu.length} of them mostly on CPU, ${sum(onCpu.map((s) => s[1])).toFixed(0)} ms)`,
    ...[...kinds].map(
      ([k, ds]) =>
        `gc kind ${k}: ${ds.length} pauses, ${sum(ds).toFixed(0)} ms, max ${Math.max(...ds).toFixed(1)} ms`,
    ),
  ];
}

const dir = process.env.K8TS_BENCH_PROBE;
if (dir && !process.argv[1]?.endsWith('loop-probe.ts')) start(dir);

if (process.argv[1]?.endsWith('loop-probe.ts')) {
  const { readFileSync } = await import('node:fs');
  for (const file of process.argv.slice(2))
    console.log([file, ...summarise(JSON.parse(readFileSync(file, 'utf8')) as ProbeReport)].join('\n  '));
}
