// Pod startup benchmark (issue 6): on one node with our own dockerd, the latency from a pod's create in the API
// to Running seen through a watch — 30 pods one after another, then 30 created at once — beside a bare
// `docker run -d --network none busybox sleep 3600` of the same image against the same dockerd (30 sequential
// via dockerode and via the docker CLI, and 30 at once via dockerode). Targets: p99 ≤ 1.5 s (Kubernetes' SLO is 5 s) and ≤ 2× docker run.
// A per-stage breakdown (kubelet saw the pod → sandbox → network → app container → status written) is printed
// under the table. Needs root, /usr/sbin/dockerd and busybox. Everything it starts is removed, even on failure.
// Knobs: K8TS_BENCH_PODS (per phase, default 30), K8TS_BENCH_TIMEOUT_S (per pod, default 60).
import { loadavg } from 'node:os';
import { canRunDocker } from '../test/kubelet/support';
import { cliRuns, dockerodeBurst, dockerodeRuns, removeBareContainers } from './podstartup/docker-run';
import { NODE_NAME, startBenchNode, type BenchNode } from './podstartup/node';
import { NAMESPACE, RunningWatch, burstPods, deleteAllPods, sequentialPods } from './podstartup/pods';
import { report, type Results } from './podstartup/report';
import type { Benchmark, Table } from './support/table';

const PODS = Number(process.env.K8TS_BENCH_PODS ?? 30);
const TIMEOUT_MS = Number(process.env.K8TS_BENCH_TIMEOUT_S ?? 60) * 1000;

const began = Date.now();
const progress = (msg: string) =>
  process.stderr.write(`  [${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

async function measure(node: BenchNode, loadAtStart: number): Promise<Results> {
  progress(`bare docker run ×${PODS} (dockerode, then CLI)`);
  const dockerode = await dockerodeRuns(node.docker, PODS);
  await removeBareContainers(node.docker);
  const cli = await cliRuns(node.socket, PODS);
  await removeBareContainers(node.docker);
  progress(`bare docker run ×${PODS} at once (dockerode)`);
  const dockerodeAtOnce = await dockerodeBurst(node.docker, PODS);
  await removeBareContainers(node.docker);

  await node.client.create('namespaces', undefined, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE },
  });
  const watch = new RunningWatch(node.client, node.stages);
  await watch.start();
  try {
    const common = {
      client: node.client,
      watch,
      stages: node.stages,
      nodeName: NODE_NAME,
      count: PODS,
      timeoutMs: TIMEOUT_MS,
    };
    progress(`${PODS} pods, one after another`);
    const sequential = await sequentialPods({ ...common, prefix: 'seq' });
    progress('deleting them');
    await deleteAllPods(node.client, node.docker, TIMEOUT_MS);
    progress(`${PODS} pods at once`);
    const burst = await burstPods({ ...common, prefix: 'burst' });
    progress('deleting them');
    await deleteAllPods(node.client, node.docker, TIMEOUT_MS);
    return {
      dockerode,
      dockerodeAtOnce,
      cli,
      phases: [
        { name: 'sequential', uids: sequential, atOnce: false },
        { name: 'all at once', uids: burst, atOnce: true },
      ],
      stages: node.stages,
      loadAtStart,
    };
  } finally {
    watch.stop();
  }
}

async function run(): Promise<Table> {
  if (!canRunDocker) throw new Error('podstartup needs root, /usr/sbin/dockerd and /bin/busybox');
  const loadAtStart = loadavg()[0]!;
  const node = await startBenchNode(progress);
  try {
    return report(await measure(node, loadAtStart));
  } finally {
    progress('cleaning up');
    await removeBareContainers(node.docker).catch(() => undefined);
    await node.stop();
  }
}

export const benchmark: Benchmark = {
  name: 'podstartup',
  description: 'Pod create → Running through a watch on one Docker node, vs a bare docker run (p50/p99)',
  run,
};
