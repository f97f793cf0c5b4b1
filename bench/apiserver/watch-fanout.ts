// Watch fan-out: many concurrent HTTP watches on one namespace's pods, then a paced series of pod creates.
// Each pod carries its send time in an annotation; every watcher notes when each ADDED event reaches it, so
// the delay is "client sent the create" → "this watcher has the event" (create latency included: an upper
// bound on the server's fan-out delay). An event a watcher never gets is lost; one it gets twice, a duplicate.
// The watchers run in a worker thread (fanout-watchers.ts), so reading 1,000 streams never delays a create.
import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, keepAliveAgent, nowMs, percentile } from './http-load';
import { Worker } from 'node:worker_threads';
import type { WatchersInput, WatchersMessage } from './fanout-watchers';
import { benchPod, SENT_AT } from './pods';

export interface FanoutOptions {
  url: string;
  namespace: string;
  watchers: number;
  pods: number;
  podsPerSecond: number;
  /** Pods sent together at each due time (default 1): a burst, as a replication controller scaling up makes. */
  burst?: number;
  /**
   * Pod creates in another namespace at this rate while the paced creates run (at most 16 in flight):
   * writes the watchers do not see but the server still has to make, and the watch cache to offer round.
   */
  background?: { perSecond: number; namespace: string };
  /** The server's CPU time so far (ms), to report what the paced phase cost it. */
  serverCpuMs?: () => number;
}

export interface FanoutResult {
  /** Time to open every watch (response headers received). */
  openMs: number;
  p50: number;
  p99: number;
  max: number;
  /** Events expected (watchers × pods) and not delivered. */
  lost: number;
  duplicates: number;
  /** Watches the server ended before we did (e.g. dropped as slow). */
  ended: number;
  /** p99 of the paced creates' own latency (sent → 201): the part of the delay that is not fan-out. */
  createP99: number;
  /** Server CPU time from the first paced create until every event was delivered, per paced pod (ms). */
  cpuMsPerPod?: number;
}

/** Milliseconds for a table cell: whole from 10 up (the targets are 50 and 100 ms), one decimal below. */
export const tableMs = (v: number): number => (v >= 10 ? Math.round(v) : Number(v.toFixed(1)));

/** The column names of fanoutCells, in its order. */
export const FANOUT_COLUMNS = [
  'server CPU ms/pod',
  'create p99',
  'p50',
  'p99',
  'max',
  'lost',
  'dup',
  'cut off',
];

/** A result's cells in FANOUT_COLUMNS order. */
export function fanoutCells(f: FanoutResult): number[] {
  const ms = tableMs;
  const cpu = Number((f.cpuMsPerPod ?? NaN).toFixed(1));
  return [cpu, ms(f.createP99), ms(f.p50), ms(f.p99), ms(f.max), f.lost, f.duplicates, f.ended];
}

export async function measureFanout(o: FanoutOptions): Promise<FanoutResult> {
  const podsPath = `/api/v1/namespaces/${o.namespace}/pods`;
  const writer = keepAliveAgent(8);
  const list = JSON.parse((await expectStatus(200, writer, o.url, 'GET', podsPath)).body) as {
    metadata: { resourceVersion: string };
  };
  const input: WatchersInput = {
    url: o.url,
    path: `${podsPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
    watchers: o.watchers,
    pods: o.pods,
  };
  // The worker loads TypeScript as this process does, through tsx's loader, registered before the import.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./fanout-watchers.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => (t.register(), import(${JSON.stringify(entry)})))`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  const next = () =>
    new Promise<WatchersMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    const opened = await next();
    if (opened.type !== 'open') throw new Error('the watchers did not open');
    const openMs = opened.openMs;

    let pacing = true;
    const bg = o.background;
    const bgAgent = keepAliveAgent(16);
    const background = (async () => {
      if (!bg) return;
      const bgStart = nowMs();
      const inFlight = new Set<Promise<unknown>>();
      for (let i = 0; pacing; i++) {
        const due = bgStart + (i * 1000) / bg.perSecond - nowMs();
        if (due > 0) await sleep(due);
        if (inFlight.size >= 16) await Promise.race(inFlight);
        const body = JSON.stringify(benchPod(`bg-${i}`));
        const p = expectStatus(201, bgAgent, o.url, 'POST', `/api/v1/namespaces/${bg.namespace}/pods`, body);
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await Promise.all(inFlight);
    })();
    // Paced creates: pod i is sent at start + i/rate, whether or not earlier creates have been answered.
    const start = nowMs();
    const cpuBefore = o.serverCpuMs?.();
    const creates: Promise<unknown>[] = [];
    const createMs: number[] = [];
    for (let i = 0; i < o.pods; i++) {
      const burst = o.burst ?? 1;
      const due = start + (Math.floor(i / burst) * burst * 1000) / o.podsPerSecond - nowMs();
      if (due > 0) await sleep(due);
      const sentAt = nowMs();
      const body = JSON.stringify(benchPod(`fan-${i}`, { [SENT_AT]: sentAt.toFixed(3) }));
      const created = expectStatus(201, writer, o.url, 'POST', podsPath, body);
      creates.push(created.then(() => createMs.push(nowMs() - sentAt)));
    }
    await Promise.all(creates);
    pacing = false;
    await background.finally(() => bgAgent.destroy());
    const finished = next();
    worker.postMessage('done');
    const result = await finished;
    if (result.type !== 'result') throw new Error('the watchers did not report');
    const cpuMsPerPod = cpuBefore === undefined ? undefined : (o.serverCpuMs!() - cpuBefore) / o.pods;

    const got = result.delays;
    return {
      openMs,
      p50: percentile(got, 50),
      p99: percentile(got, 99),
      max: got.reduce((a, b) => Math.max(a, b), 0),
      lost: result.lost,
      duplicates: result.duplicates,
      ended: result.ended,
      cpuMsPerPod,
      createP99: percentile(createMs, 99),
    };
  } finally {
    await worker.terminate();
    writer.destroy();
  }
}
