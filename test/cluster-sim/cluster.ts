// A whole cluster in one process for the issue-5 acceptance specs: the apiserver (sqlite in a temp dir), the
// controller-manager, the scheduler and a pool of hollow nodes, every component talking to the apiserver
// over HTTP through its own KubeClient — as separate processes would. Helpers read the cluster's state only
// through the API, the way a user would check it.
import type { Node, Pod, ReplicationController } from '../../src/api/types';
import { KubeClient, SharedInformerFactory } from '../../src/client';
import {
  startControllerManager,
  type ControllerManager,
  type ControllerManagerOptions,
} from '../../src/controllers/controller-manager';
import { HollowNodePool, type HollowNodePoolOptions } from '../../src/kubelet/hollow';
import { Scheduler } from '../../src/scheduler/scheduler';
import { realClock } from '../../src/util';
import { startTestServer, type TestServer } from '../apiserver/harness';

export interface SimCluster {
  ts: TestServer;
  /** The test's own client (a user). */
  client: KubeClient;
  pool: HollowNodePool;
  stop(): Promise<void>;
}

export interface SimClusterOptions {
  nodes: Omit<HollowNodePoolOptions, 'client'>;
  controllerManager?: ControllerManagerOptions;
}

export async function startSimCluster(o: SimClusterOptions): Promise<SimCluster> {
  const ts = await startTestServer('sqlite', []);
  const client = new KubeClient({ server: ts.url });
  const cmClient = new KubeClient({ server: ts.url, userAgent: 'k8ts-controller-manager' });
  const schedClient = new KubeClient({ server: ts.url, userAgent: 'k8ts-scheduler' });
  const nodeClient = new KubeClient({ server: ts.url, userAgent: 'k8ts-hollow-nodes' });
  const cm: ControllerManager = startControllerManager({
    client: cmClient,
    clock: realClock,
    options: o.controllerManager,
  });
  const factory = new SharedInformerFactory(schedClient);
  const scheduler = new Scheduler({ client: schedClient, factory, rng: Math.random });
  const abort = new AbortController();
  const scheduling = scheduler.run(abort.signal);
  const pool = new HollowNodePool({ client: nodeClient, ...o.nodes });
  await pool.start();
  return {
    ts,
    client,
    pool,
    async stop() {
      abort.abort();
      await scheduling;
      factory.stop();
      await pool.stop();
      await cm.stop();
      for (const c of [client, cmClient, schedClient, nodeClient]) c.close();
      await ts.close();
    },
  };
}

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

/** Node name → its Ready condition's status ('True', 'Unknown', …). */
export async function nodeReadiness(client: KubeClient): Promise<Map<string, string | undefined>> {
  const nodes = (await client.list<Node>('nodes', undefined)).items;
  return new Map(nodes.map((n) => [n.metadata!.name!, ready(n)]));
}

/** Pods matching the selector that are not being deleted. */
export async function livePods(client: KubeClient, labelSelector: string): Promise<Pod[]> {
  const pods = (await client.list<Pod>('pods', 'default', { labelSelector })).items;
  return pods.filter((p) => !p.metadata?.deletionTimestamp);
}

export const running = (pods: Pod[]) => pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP);

export function rc(name: string, replicas: number, requests: { cpu: string; memory: string }) {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'c', image: 'busybox', resources: { requests } }],
        },
      },
    },
  } satisfies ReplicationController;
}

/** Pods per node name (nodes without pods included when given). */
export function perNode(pods: Pod[], nodeNames: readonly string[] = []): Map<string, number> {
  const counts = new Map(nodeNames.map((n) => [n, 0]));
  for (const p of pods) {
    const n = p.spec?.nodeName ?? '';
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}
