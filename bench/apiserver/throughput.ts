// Create throughput and latency at a given concurrency: the raw store's own create rate (the same backend,
// opened in this process), raw etcd puts for reference, and Pod creates over HTTP through the apiserver,
// each with `clients` closed-loop clients. The subjects take turns in short slices, order rotated every
// round, so the shared machine's background load falls on all of them alike. Then `clients` clients GET
// the pods just created, for the read latency at the same concurrency, and GET /healthz: the rate of a bare
// HTTP round trip to this server, which no API call can beat (the ceiling a ratio to the store runs into).
import type { Etcd3 } from 'etcd3';
import type { Store } from '../../src/storage';
import { emptyTally, type CpuMeter, type CpuTally } from '../support/proc-cpu';
import { closedLoop, expectStatus, keepAliveAgent, percentile, timed } from './http-load';
import { benchPod, RAW_VALUE } from './pods';

export interface ThroughputOptions {
  url: string;
  namespace: string;
  clients: number;
  rawStore: Store;
  /** Measured too when given: plain etcd puts, the ceiling of anything built on etcd. */
  rawEtcd?: Etcd3;
  sliceMs: number;
  rounds: number;
  /** The server's CPU time so far (ms): CPU per create is the figure that holds on a shared machine. */
  serverCpuMs?: () => number;
  /** When given, the CPU each create slice used, by process and machine-wide (the CPU budget). */
  cpu?: CpuMeter;
}

/** CPU used over the create slices of one subject, and the creates it made meanwhile. */
export interface CpuSpent {
  tally: CpuTally;
  ops: number;
}

export interface ThroughputResult {
  rawStoreOps: number;
  rawEtcdPutOps?: number;
  apiOps: number;
  /** Server CPU ms per create over the measured create slices (NaN without serverCpuMs). */
  cpuMsPerCreate: number;
  createP50: number;
  createP99: number;
  getOps: number;
  getP99: number;
  /** GET /healthz per second at the same concurrency: the server's HTTP round trip with no API work. */
  healthzOps: number;
  /** With options.cpu: what the raw store's creates and the API's creates cost in CPU. */
  cpu?: { store: CpuSpent; api: CpuSpent };
}

type Op = (client: number, seq: number) => Promise<void>;

export async function measureThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  const agent = keepAliveAgent(o.clients);
  const podsPath = `/api/v1/namespaces/${o.namespace}/pods`;
  const created: string[] = [];
  const createMs: number[] = [];
  const seq = { next: 0 };
  const tag = `c${o.clients}-${process.pid}`;

  const rawCreate: Op = async (_c, i) => {
    await o.rawStore.create(`/registry/pods/${o.namespace}/raw-${tag}-${i}`, RAW_VALUE);
  };
  const rawPut: Op = async (_c, i) => {
    await o.rawEtcd!.put(`/bench-put/${tag}/${i}`).value(RAW_VALUE).exec();
  };
  const apiCreate = (samples: number[]): Op => {
    return async (_c, i) => {
      const name = `p${o.clients}-${i}`;
      const body = JSON.stringify(benchPod(name));
      await timed(samples, () => expectStatus(201, agent, o.url, 'POST', podsPath, body));
      created.push(name);
    };
  };

  const subjects: Op[] = [rawCreate, apiCreate(createMs), ...(o.rawEtcd ? [rawPut] : [])];
  const tallies = subjects.map(() => ({ ops: 0, ms: 0 }));
  const names = o.cpu?.names ?? [];
  const cpuTallies = subjects.map(() => emptyTally(names));
  const slice = (i: number) => closedLoop(o.clients, o.sliceMs, subjects[i]!, seq);
  const cpu = o.serverCpuMs ?? (() => NaN);
  let apiCpuMs = 0;
  try {
    // Warm-up: connections, JIT, the store's first pages. Its latencies are not kept.
    for (const op of [rawCreate, apiCreate([]), ...(o.rawEtcd ? [rawPut] : [])])
      await closedLoop(o.clients, 300, op, seq);
    for (let round = 0; round < o.rounds; round++) {
      for (let k = 0; k < subjects.length; k++) {
        const i = (k + round) % subjects.length;
        const cpuBefore = cpu();
        const t = await (o.cpu ? o.cpu.measure(cpuTallies[i]!, () => slice(i)) : slice(i));
        if (i === 1) apiCpuMs += cpu() - cpuBefore;
        tallies[i]!.ops += t.ops;
        tallies[i]!.ms += t.ms;
      }
    }

    const getMs: number[] = [];
    const get = await closedLoop(
      o.clients,
      o.sliceMs * 2,
      async (_c, i) => {
        const name = created[(i * 7919) % created.length]!;
        await timed(getMs, () => expectStatus(200, agent, o.url, 'GET', `${podsPath}/${name}`));
      },
      seq,
    );
    const healthz = await closedLoop(
      o.clients,
      o.sliceMs,
      () => expectStatus(200, agent, o.url, 'GET', '/healthz').then(() => undefined),
      seq,
    );
    const rate = (t: { ops: number; ms: number }) => t.ops / (t.ms / 1000);
    return {
      rawStoreOps: rate(tallies[0]!),
      apiOps: rate(tallies[1]!),
      cpuMsPerCreate: apiCpuMs / tallies[1]!.ops,
      rawEtcdPutOps: o.rawEtcd ? rate(tallies[2]!) : undefined,
      createP50: percentile(createMs, 50),
      createP99: percentile(createMs, 99),
      getOps: rate(get),
      getP99: percentile(getMs, 99),
      healthzOps: rate(healthz),
      cpu: o.cpu && {
        store: { tally: cpuTallies[0]!, ops: tallies[0]!.ops },
        api: { tally: cpuTallies[1]!, ops: tallies[1]!.ops },
      },
    };
  } finally {
    agent.destroy();
  }
}
