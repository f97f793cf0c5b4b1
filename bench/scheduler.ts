// Scheduler benchmark (issue 5): `k8ts apiserver --store sqlite` and `k8ts scheduler --master ...` as
// separate processes on loopback. 5,000 hollow nodes are registered through the API (create + status,
// bounded concurrency), 100 services select the pods, then two phases of 10,000 pods each:
//   backlog  pods created while no scheduler runs, then the scheduler starts: pods/s from its first
//            bind to its last (kube-scheduler_perf's SchedulingThroughput);
//   stream   pods created at bounded concurrency while the scheduler runs: pods/s from the first create
//            to the last bind, and create-sent → bind-seen latency p50/p99.
// Binds are observed on a watch. Then a controller-manager process starts on the full cluster (5,000 nodes,
// 20,000 pods): once it has given every node a pod range (so its informers are synced), the resident set
// of it and of the scheduler is reported. CPU seconds of each process come from /proc, because on a shared machine
// wall-clock figures move with everyone else's load. Target: ≥ 1,000 pods/s on a 2-core machine.
// Knobs: K8TS_BENCH_NODES, K8TS_BENCH_PODS, K8TS_BENCH_CONCURRENCY (creates in flight, default 64),
// K8TS_BENCH_CPU_PROF=<dir> (profiles apiserver and scheduler), K8TS_BENCH_TIMEOUT_S (each wait, default 300).
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Event, Node, Pod } from '../src/api/types';
import { freePort } from '../test/support/etcd';
import { KubeClient, type WatchHandle } from '../src/client';
import { expectStatus, keepAliveAgent, nowMs, percentile } from './apiserver/http-load';
import { startServerProcess } from './apiserver/server-process';
import { SERVICES, namespaceBody, nodeBody, nodeStatusBody, podBody, serviceBody } from './scheduler/objects';
import {
  cpuSeconds,
  memoryMb,
  startComponentProcess,
  startSchedulerProcess,
  type SchedulerProcess,
} from './scheduler/scheduler-process';
import type { Benchmark, Table } from './support/table';

const NODES = Number(process.env.K8TS_BENCH_NODES ?? 5000);
const PODS = Number(process.env.K8TS_BENCH_PODS ?? 10_000);
const CONCURRENCY = Number(process.env.K8TS_BENCH_CONCURRENCY ?? 64);
const TIMEOUT_MS = Number(process.env.K8TS_BENCH_TIMEOUT_S ?? 300) * 1000;
const TARGET = 1000;

/** Runs fn over 0..n-1 with at most `concurrency` calls in flight. */
async function inParallel(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/** When each pod of the namespace was first seen bound; waitFor(n) resolves once n are. */
class BindWatch {
  readonly bound = new Map<string, number>();
  private wake: (() => void) | undefined;
  private readonly handle: WatchHandle;

  constructor(client: KubeClient, namespace: string, resourceVersion: string) {
    this.handle = client.watch<Pod>(
      'pods',
      namespace,
      { resourceVersion },
      (e) => {
        const name = e.object.metadata?.name ?? '';
        if (!e.object.spec?.nodeName || this.bound.has(name)) return;
        this.bound.set(name, nowMs());
        this.wake?.();
      },
      (err) => err && console.error(`bind watch ended: ${err.message}`),
    );
  }

  async waitFor(n: number, deadline: number): Promise<void> {
    while (this.bound.size < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.bound.size} of ${n} pods were bound in time`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 1000);
      });
    }
  }

  stop(): void {
    this.handle.stop();
  }
}

interface Phase {
  name: string;
  seconds: number;
  pods: number;
  createsPerSecond: number;
  p50?: number;
  p99?: number;
  schedulerCpu: number;
  apiserverCpu: number;
}

interface Memory {
  scheduler: { rss: number; peak: number };
  controllerManager: { rss: number; peak: number };
  /** Seconds the controller-manager took to assign every node a pod range. */
  cmSyncSeconds: number;
}

interface Run {
  memory: Memory;
  nodesSeconds: number;
  phases: Phase[];
  scheduledEvents: number;
  maxPodsPerNode: number;
  nodesUsed: number;
}

class Cluster {
  readonly agent: http.Agent = keepAliveAgent(CONCURRENCY);
  readonly client: KubeClient;
  /** Each wait (a phase's binds, the controller-manager's sync) gets the whole timeout from its own start. */
  deadline(): number {
    return Date.now() + TIMEOUT_MS;
  }

  constructor(
    readonly url: string,
    readonly apiserverPid: number,
  ) {
    this.client = new KubeClient({ server: url });
  }

  post(path: string, body: string) {
    return expectStatus(201, this.agent, this.url, 'POST', path, body);
  }

  async registerNodes(): Promise<void> {
    await inParallel(NODES, CONCURRENCY, async (i) => {
      const created = await this.post('/api/v1/nodes', nodeBody(i));
      const rv = (JSON.parse(created.body) as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion;
      const status = nodeStatusBody(i, rv);
      await expectStatus(200, this.agent, this.url, 'PUT', `/api/v1/nodes/hollow-${i}/status`, status);
    });
  }

  /** Creates pods prefix-0..n-1; answers when each create was sent, and how long creating took. */
  async createPods(prefix: string, n: number): Promise<{ sent: Map<string, number>; seconds: number }> {
    const sent = new Map<string, number>();
    const start = nowMs();
    await inParallel(n, CONCURRENCY, async (i) => {
      const name = `${prefix}-${i}`;
      sent.set(name, nowMs());
      await this.post('/api/v1/namespaces/bench/pods', podBody(name, i));
    });
    return { sent, seconds: (nowMs() - start) / 1000 };
  }

  cpu(scheduler: SchedulerProcess): [number, number] {
    return [cpuSeconds(scheduler.pid), cpuSeconds(this.apiserverPid)];
  }

  close(): void {
    this.agent.destroy();
    this.client.close();
  }
}

async function backlogPhase(
  c: Cluster,
  watch: BindWatch,
): Promise<{ phase: Phase; scheduler: SchedulerProcess }> {
  const { sent, seconds } = await c.createPods('backlog', PODS);
  const scheduler = startSchedulerProcess(c.url);
  // CPU is counted from the first bind: start-up (tsx compiling, listing) is not scheduling.
  try {
    await watch.waitFor(1, c.deadline());
  } catch (e) {
    throw new Error(`${(e as Error).message}; scheduler stderr:\n${scheduler.stderr()}`);
  }
  const cpu0 = c.cpu(scheduler);
  await watch.waitFor(PODS, c.deadline());
  const [s1, a1] = c.cpu(scheduler);
  const times = [...sent.keys()].map((n) => watch.bound.get(n)!);
  const phase: Phase = {
    name: 'backlog: scheduler started on pending pods',
    seconds: (Math.max(...times) - Math.min(...times)) / 1000,
    pods: PODS,
    createsPerSecond: PODS / seconds,
    schedulerCpu: s1 - cpu0[0],
    apiserverCpu: a1 - cpu0[1],
  };
  return { phase, scheduler };
}

async function streamPhase(c: Cluster, watch: BindWatch, scheduler: SchedulerProcess): Promise<Phase> {
  const already = watch.bound.size;
  const cpu0 = c.cpu(scheduler);
  const { sent, seconds } = await c.createPods('stream', PODS);
  await watch.waitFor(already + PODS, c.deadline());
  const [s1, a1] = c.cpu(scheduler);
  const first = Math.min(...sent.values());
  const last = Math.max(...[...sent.keys()].map((n) => watch.bound.get(n)!));
  const latencies = [...sent].map(([n, t]) => watch.bound.get(n)! - t);
  return {
    name: 'stream: pods created while the scheduler runs',
    seconds: (last - first) / 1000,
    pods: PODS,
    createsPerSecond: PODS / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    schedulerCpu: s1 - cpu0[0],
    apiserverCpu: a1 - cpu0[1],
  };
}

/**
 * Starts a controller-manager on the whole cluster, waits until every node has a pod range (its nodes
 * informer is synced and the range allocator went through all of them), then reads both processes' memory.
 * Nodes here never heartbeat: a long grace period keeps the node lifecycle controller from tainting them.
 */
async function measureMemory(c: Cluster, scheduler: SchedulerProcess): Promise<Memory> {
  const args = ['--cluster-cidr', '10.64.0.0/10', '--node-monitor-grace-period', '1h'];
  const cm = startComponentProcess('controller-manager', c.url, [
    ...args,
    '--port',
    String(await freePort()),
  ]);
  try {
    const start = nowMs();
    const deadline = c.deadline();
    for (;;) {
      const nodes = await c.client.listAll<Node>('nodes', undefined);
      if (nodes.items.every((n) => n.spec?.podCIDR)) break;
      if (Date.now() > deadline) throw new Error('the controller-manager did not assign every pod range');
      await new Promise((r) => setTimeout(r, 2000));
    }
    const cmSyncSeconds = (nowMs() - start) / 1000;
    return { scheduler: memoryMb(scheduler.pid), controllerManager: memoryMb(cm.pid), cmSyncSeconds };
  } finally {
    await cm.stop();
  }
}

/** Each phase's figures on stderr as soon as it ends: a run that fails later still shows them. */
function progress(p: Phase): void {
  const lat = p.p50 === undefined ? '' : `, p50 ${Math.round(p.p50)} ms, p99 ${Math.round(p.p99!)} ms`;
  console.error(
    `${p.name}: ${Math.round(p.pods / p.seconds)} pods/s${lat}; scheduler ${p.schedulerCpu.toFixed(1)} cpu-s, apiserver ${p.apiserverCpu.toFixed(1)} cpu-s`,
  );
}

async function measure(c: Cluster): Promise<Run> {
  await c.post('/api/v1/namespaces', namespaceBody('bench'));
  const nodesStart = nowMs();
  await c.registerNodes();
  const nodesSeconds = (nowMs() - nodesStart) / 1000;
  await inParallel(
    SERVICES,
    8,
    async (i) => void (await c.post('/api/v1/namespaces/bench/services', serviceBody(i))),
  );
  const rv = (await c.client.list('pods', 'bench', { limit: 1 })).metadata?.resourceVersion ?? '0';
  const watch = new BindWatch(c.client, 'bench', rv);
  let scheduler: SchedulerProcess | undefined;
  try {
    const backlog = await backlogPhase(c, watch);
    scheduler = backlog.scheduler;
    progress(backlog.phase);
    const stream = await streamPhase(c, watch, scheduler);
    progress(stream);
    const pods = await c.client.listAll<Pod>('pods', 'bench');
    const perNode = new Map<string, number>();
    for (const p of pods.items) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    const memory = await measureMemory(c, scheduler);
    await scheduler.stop(); // flushes the events still queued
    const events = await c.client.listAll<Event>('events', 'bench', { fieldSelector: 'reason=Scheduled' });
    return {
      memory,
      nodesSeconds,
      phases: [backlog.phase, stream],
      scheduledEvents: events.items.length,
      maxPodsPerNode: Math.max(...perNode.values()),
      nodesUsed: perNode.size,
    };
  } finally {
    watch.stop();
    await scheduler?.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'scheduler',
  description: `k8ts scheduler process: 2 × ${PODS.toLocaleString('en-US')} pods onto ${NODES.toLocaleString('en-US')} hollow nodes through the apiserver (sqlite)`,
  async run(): Promise<Table> {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-bench-scheduler-'));
    const server = await startServerProcess({ store: 'sqlite', dataDir: dir });
    const cluster = new Cluster(server.url, server.pid);
    let r: Run;
    try {
      r = await measure(cluster);
    } finally {
      cluster.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const ms = (v?: number) => (v === undefined ? '-' : Math.round(v));
    const rows = r.phases.map((p) => [
      p.name,
      p.pods,
      Math.round(p.createsPerSecond),
      Math.round(p.pods / p.seconds),
      ms(p.p50),
      ms(p.p99),
      p.schedulerCpu,
      Math.round(p.pods / p.schedulerCpu),
      p.apiserverCpu,
    ]);
    const mb = (m: { rss: number; peak: number }) => `${Math.round(m.rss)} MB (${Math.round(m.peak)} MB)`;
    const best = Math.max(...r.phases.map((p) => p.pods / p.seconds));
    return {
      title: `scheduler through the API: ${NODES} nodes`,
      columns: [
        'phase',
        'pods',
        'creates/s',
        'pods/s',
        'p50 ms',
        'p99 ms',
        'scheduler cpu-s',
        'pods/sched-cpu-s',
        'apiserver cpu-s',
      ],
      rows,
      notes: [
        `registering ${NODES} nodes (create + status) took ${r.nodesSeconds.toFixed(1)} s`,
        `${r.nodesUsed} nodes used, at most ${r.maxPodsPerNode} pods on one; ${r.scheduledEvents} Scheduled events written for ${2 * PODS} pods`,
        `memory at ${NODES} nodes / ${2 * PODS} pods, RSS (peak): scheduler ${mb(r.memory.scheduler)}; ` +
          `controller-manager ${mb(r.memory.controllerManager)}, synced (every pod range assigned) in ` +
          `${r.memory.cmSyncSeconds.toFixed(1)} s`,
        `target ≥ ${TARGET} pods/s: ${best >= TARGET ? 'met' : 'MISSED'} (best phase ${Math.round(best)} pods/s)`,
        'backlog pods/s: first bind → last bind; stream pods/s: first create → last bind; latency: create sent → bind seen.',
      ],
    };
  },
};
