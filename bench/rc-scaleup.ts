// Replication scale-up benchmark (issue 5): an RC goes from 0 to 3,000 replicas on 500 hollow nodes, and
// every pod must be Running within 15 s. The apiserver (sqlite), the scheduler and the hollow nodes run as
// their own processes on loopback; the controller-manager runs in this process, so its CPU is ours. A
// pods watch (from the list's resourceVersion, before the RC is created) records when each pod was first
// seen, bound and Running. Reported: time to all Running and its rate, the create rate alone (first to
// last pod seen), the longest gap between two creations, the apiserver's own read and write latency
// probed meanwhile (so a stall can be placed in the apiserver or in the controllers), and each process's
// CPU seconds — on a shared machine, wall-clock figures move with everyone's load. Failed syncs of the
// controller-manager are logged to stderr.
// Knobs: K8TS_BENCH_NODES (500), K8TS_BENCH_REPLICAS (3000), K8TS_BENCH_TIMEOUT_S (120).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod, ReplicationController } from '../src/api/types';
import { KubeClient } from '../src/client';
import { startControllerManager } from '../src/controllers/controller-manager';
import pino from 'pino';
import { realClock } from '../src/util';
import { nowMs, percentile } from './apiserver/http-load';
import { startServerProcess } from './apiserver/server-process';
import { cpuSeconds, startSchedulerProcess } from './scheduler/scheduler-process';
import type { Benchmark, Table } from './support/table';

const NODES = Number(process.env.K8TS_BENCH_NODES ?? 500);
const REPLICAS = Number(process.env.K8TS_BENCH_REPLICAS ?? 3000);
const TIMEOUT_MS = Number(process.env.K8TS_BENCH_TIMEOUT_S ?? 120) * 1000;
const TARGET_MS = 15_000;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `k8ts hollow-nodes --master url --count n` as its own process, stopped by its PID. With
 * K8TS_BENCH_CPU_PROF=<dir> it runs under `node --cpu-prof`, as the apiserver and scheduler do.
 */
function startHollowNodes(url: string, count: number) {
  const profDir = process.env.K8TS_BENCH_CPU_PROF;
  const args = [
    ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profDir)] : []),
    '--import',
    path.join(repo, 'node_modules/tsx/dist/loader.mjs'),
  ];
  args.push(path.join(repo, 'src/cli/main.ts'), 'hollow-nodes', '--master', url, '--count', String(count));
  const child = spawn(process.execPath, args, {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, K8TS_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid: child.pid!,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** When each pod was first seen, bound and Running (ms on nowMs()). */
class PodTimeline {
  readonly seen = new Map<string, number>();
  readonly bound = new Map<string, number>();
  readonly running = new Map<string, number>();

  observe(pod: Pod): void {
    const name = pod.metadata?.name ?? '';
    const t = nowMs();
    if (!this.seen.has(name)) this.seen.set(name, t);
    if (pod.spec?.nodeName && !this.bound.has(name)) this.bound.set(name, t);
    if (pod.status?.phase === 'Running' && !this.running.has(name)) this.running.set(name, t);
  }

  /** The longest wait between two consecutive first sightings, and how many pods existed before it. */
  longestCreateGap(): { ms: number; atPods: number } {
    const times = [...this.seen.values()].sort((a, b) => a - b);
    let gap = { ms: 0, atPods: 0 };
    for (let i = 1; i < times.length; i++) {
      if (times[i]! - times[i - 1]! > gap.ms) gap = { ms: times[i]! - times[i - 1]!, atPods: i };
    }
    return gap;
  }
}

const last = (m: Map<string, number>) => Math.max(...m.values());

interface ProbeResult {
  p50: number;
  max: number;
  overOneSecond: number;
}

/**
 * One request after another (50 ms apart) while the scale-up runs: the slowest answers show when the
 * apiserver itself stopped answering — from the controllers, such a stall looks like idle waiting.
 */
function probe(op: () => Promise<unknown>) {
  const latencies: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = nowMs();
      await op().catch(() => undefined);
      latencies.push(nowMs() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop(): Promise<ProbeResult> {
      stopped = true;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const max = sorted[sorted.length - 1] ?? 0;
      return { p50: percentile(sorted, 50), max, overOneSecond: sorted.filter((l) => l > 1000).length };
    },
  };
}

/** A read (GET of the default namespace) and a write (merge patch of an Endpoints) probed side by side. */
async function probeApiserver(client: KubeClient) {
  await client.create('endpoints', 'default', { metadata: { name: 'bench-probe' }, subsets: [] });
  let n = 0;
  const read = probe(() => client.get('namespaces', undefined, 'default'));
  const write = probe(() =>
    client.patch('endpoints', 'default', 'bench-probe', 'merge', {
      metadata: { annotations: { 'bench/n': String(++n) } },
    }),
  );
  return {
    async stop() {
      return { read: await read.stop(), write: await write.stop() };
    },
  };
}

const describeProbe = (what: string, p: ProbeResult) =>
  `${what} p50 ${p.p50.toFixed(0)} ms, max ${p.max.toFixed(0)} ms, ${p.overOneSecond} over 1 s`;

async function waitUntil(cond: () => boolean | Promise<boolean>, deadline: number, what: string) {
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rcBody(replicas: number): ReplicationController {
  return {
    metadata: { name: 'scale' },
    spec: {
      replicas,
      selector: { app: 'scale' },
      template: {
        metadata: { labels: { app: 'scale' } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [
            { name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } },
          ],
        },
      },
    },
  };
}

async function run(): Promise<Table> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'k8ts-bench-rc-'));
  const server = await startServerProcess({ store: 'sqlite', dataDir });
  const client = new KubeClient({ server: server.url, userAgent: 'bench-rc-scaleup' });
  const cmClient = new KubeClient({ server: server.url, userAgent: 'k8ts-controller-manager' });
  const nodes = startHollowNodes(server.url, NODES);
  const scheduler = startSchedulerProcess(server.url);
  // Warnings (failed syncs and their retries) go to stderr: they explain a slow run.
  const log = pino({ level: 'warn', base: { component: 'controller-manager' } }, pino.destination(2));
  // A /10 of pod ranges: the default /16 has /24s for 256 nodes only.
  const options = { clusterCIDR: '10.64.0.0/10' };
  const cm = startControllerManager({ client: cmClient, clock: realClock, log, options });
  const probeClient = new KubeClient({ server: server.url, userAgent: 'bench-probe' });
  const timeline = new PodTimeline();
  let watch: { stop(): void } | undefined;
  let probes: Awaited<ReturnType<typeof probeApiserver>> | undefined;
  try {
    const setupDeadline = Date.now() + TIMEOUT_MS;
    await waitUntil(
      async () => (await client.list<Node>('nodes', undefined)).items.length >= NODES,
      setupDeadline,
      `${NODES} hollow nodes (${nodes.stderr()})`,
    );
    const rv = (await client.list<Pod>('pods', 'default')).metadata?.resourceVersion;
    watch = client.watch<Pod>(
      'pods',
      'default',
      { resourceVersion: rv },
      (e) => timeline.observe(e.object),
      (err) => err && console.error(`pods watch ended: ${err.message}`),
    );
    const cpu0 = { cm: process.cpuUsage(), api: cpuSeconds(server.pid), sched: cpuSeconds(scheduler.pid) };
    const nodesCpu0 = cpuSeconds(nodes.pid);
    probes = await probeApiserver(probeClient);
    const started = nowMs();
    await client.create('replicationcontrollers', 'default', rcBody(REPLICAS));
    await waitUntil(() => timeline.running.size >= REPLICAS, started + TIMEOUT_MS, 'all pods Running').catch(
      (e: Error) => {
        throw new Error(
          `${e.message}: ${timeline.seen.size} created, ${timeline.bound.size} bound, ` +
            `${timeline.running.size} Running after ${((nowMs() - started) / 1000).toFixed(1)} s`,
        );
      },
    );
    const probed = await probes.stop();
    probes = undefined;
    const cmCpu = process.cpuUsage(cpu0.cm);
    const cpu = {
      cm: (cmCpu.user + cmCpu.system) / 1e6,
      api: cpuSeconds(server.pid) - cpu0.api,
      sched: cpuSeconds(scheduler.pid) - cpu0.sched,
      nodes: cpuSeconds(nodes.pid) - nodesCpu0,
    };
    const allRunningS = (last(timeline.running) - started) / 1000;
    const createdS = (last(timeline.seen) - started) / 1000;
    const boundS = (last(timeline.bound) - started) / 1000;
    const gap = timeline.longestCreateGap();
    return {
      title: `RC 0 → ${REPLICAS.toLocaleString('en-US')} replicas on ${NODES} hollow nodes (sqlite)`,
      columns: ['phase', 'seconds', 'pods/s'],
      rows: [
        ['all created (pods watch)', createdS, REPLICAS / createdS],
        ['all bound', boundS, REPLICAS / boundS],
        ['all Running', allRunningS, REPLICAS / allRunningS],
      ],
      notes: [
        `longest gap between creations: ${gap.ms.toFixed(0)} ms (after ${gap.atPods} pods)`,
        `apiserver latency meanwhile: ${describeProbe('read', probed.read)}; ${describeProbe('write', probed.write)}`,
        `CPU s: apiserver ${cpu.api.toFixed(1)}, controller-manager ${cpu.cm.toFixed(1)}, ` +
          `scheduler ${cpu.sched.toFixed(1)}, hollow nodes ${cpu.nodes.toFixed(1)}`,
        `target: all Running in ≤ ${TARGET_MS / 1000} s — ${allRunningS * 1000 <= TARGET_MS ? 'met' : 'MISSED'}`,
      ],
    };
  } finally {
    watch?.stop();
    await probes?.stop();
    await cm.stop();
    await scheduler.stop().catch((e: Error) => console.error(e.message));
    await nodes.stop();
    client.close();
    cmClient.close();
    probeClient.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'rc-scaleup',
  description: `RC 0 → ${REPLICAS} replicas on ${NODES} hollow nodes: time to all Running (target ≤ 15 s)`,
  run,
};
