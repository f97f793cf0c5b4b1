// Campaign "kill the node's components" (issue 10) on one real local cluster with our own dockerd: for each
// victim in turn — kubelet, scheduler, controller-manager, proxy, dockerd, a pod's app container — an RC of
// busybox pods is scaled 0 → `replicas`; once the scale-up is under way (a pod created, bound or Running, by
// victim) the victim is SIGKILLed by PID and `k8ts up --skip-install` is run, as an operator would. Then,
// bounded: exactly `replicas` pods of the RC, all Running, unique, each with exactly one running sandbox and
// app container on our dockerd, none orphaned (kill-node-components-state.ts). `up` must restart exactly the
// victim (nothing for a container), and pods Running before the kill keep their containers — except after a
// dockerd kill: our dockerd runs without live-restore, so the dead daemon's containers must go (`up` ends them
// and their shims before starting the new daemon, which would otherwise wait out their stop timeout); the
// kubelet, refused on the socket meanwhile, then starts a new sandbox and container for each pod. The converge
// column is from the kill to that state, so it includes `up` (several node start-ups per `up`).
import Docker from 'dockerode';
import { percentile } from '../../bench/apiserver/http-load';
import type { Pod, ReplicationController } from '../../src/api/types';
import { LABEL_POD_NAMESPACE } from '../../src/kubelet/runtime/labels';
import { KubeClient, loadKubeconfig } from '../../src/client';
import { freePort } from '../support/etcd';
import { leftovers, startLocalCluster, type LocalCluster } from '../support/local-cluster';
import type { CampaignResult } from './campaign';
import { waitUntil } from './component-process';
import {
  appContainerIds,
  convergenceProblems,
  readNodeState,
  type NodeState,
} from './kill-node-components-state';
import {
  NODE_VICTIMS,
  RESTARTABLE,
  componentPids,
  containerMainPid,
  dockerSocketOf,
  processesOf,
  restartedBetween,
  shimContainerIds,
  sigkill,
  type NodeVictim,
} from './kill-node-components-victims';

export interface KillNodeComponentsOptions {
  /** Default: all six, in NODE_VICTIMS order. */
  victims?: NodeVictim[];
  /** Faults per victim; the converge p50/p99 per victim are over these. */
  rounds: number;
  replicas: number;
  convergeWithinMs: number;
  /** How long the converged state must then hold (a late extra pod or container is a duplicate). */
  holdMs: number;
  progress?: (line: string) => void;
  /** Once aborted, no further fault starts (the one under way finishes: its `up` is bounded), and the
   * campaign rejects — so a test's afterAll can wait for it before `down`, never racing an `up`. */
  signal?: AbortSignal;
}

/** Only these names and ranges, so parallel campaigns never collide (and leftovers() checks exactly them). */
const BRIDGE = 'k8tskn0';
const POD_CIDR = '10.234.1.0/24';
const SERVICE_CIDR = '10.235.0.0/24';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phase = (s: NodeState, p: string) => s.pods.filter((x) => x.status?.phase === p).length;
const summary = (s: NodeState) =>
  `${s.pods.length} pods, ${s.pods.filter((p) => p.spec?.nodeName).length} bound, ${phase(s, 'Running')} Running`;

/** When the scale-up is far enough along for this victim's kill to hit work in flight. */
const TRIGGER: Record<NodeVictim, (s: NodeState) => boolean> = {
  'controller-manager': (s) => s.pods.length >= 1,
  scheduler: (s) => s.pods.some((p) => p.spec?.nodeName),
  kubelet: (s) => phase(s, 'Running') >= 1,
  proxy: (s) => phase(s, 'Running') >= 1,
  dockerd: (s) => phase(s, 'Running') >= 1,
  container: (s) => appContainerIds(running(s)).size >= 1,
};
/** What a second `up` should start again after each kill. */
const EXPECT_RESTARTED: Record<NodeVictim, string[]> = {
  'controller-manager': ['controller-manager'],
  scheduler: ['scheduler'],
  kubelet: ['kubelet'],
  proxy: ['proxy'],
  dockerd: ['dockerd'],
  container: [],
};

/** Only the Running pods of a state, with every container (their ids are what must not change). */
const running = (s: NodeState): NodeState => ({
  pods: s.pods.filter((p) => p.status?.phase === 'Running'),
  containers: s.containers,
});

interface Fault {
  victim: NodeVictim;
  convergeMs?: number;
  upMs: number;
  duplicates: number;
  lost: number;
  crashed: string[];
  pods: number;
  notes: string[];
}

interface Ctx {
  cluster: LocalCluster;
  client: KubeClient;
  docker: Docker;
  o: KillNodeComponentsOptions;
}

/** The campaign's one-node cluster, on its own bridge, ranges and free ports. */
export async function startNodeCampaignCluster(): Promise<LocalCluster> {
  const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  return startLocalCluster('k8tskn', [
    ...['--bridge', BRIDGE, '--pod-cidr', POD_CIDR, '--service-cidr', SERVICE_CIDR],
    ...['--node-name', 'k8tskn-node', '--port', String(ports[0]), '--kubelet-port', String(ports[1])],
    ...['--proxy-healthz-port', String(ports[2]), '--dns-healthz-port', String(ports[3])],
    ...['--scheduler-port', String(ports[4]), '--controller-manager-port', String(ports[5])],
  ]);
}

/** What of the campaign's cluster at `home` is still on the host: links, rules, routes and processes (its
 * dockerd's containerd shims too). After `down --purge` this must be empty. */
export async function nodeCampaignLeftovers(home: string): Promise<string[]> {
  const host = await leftovers([BRIDGE, 'K8TS-HP-k8tskn0'], ['10.234.1.', '10.235.0.']);
  return [...host, ...processesOf(home).map((p) => `process ${p}`)];
}

/**
 * Runs the faults on `cluster` (a test's, which it then tears down itself), or on a cluster of its own that it
 * removes afterwards, checking that nothing of it is left.
 */
export async function runKillNodeComponentsCampaign(
  o: KillNodeComponentsOptions,
  given?: LocalCluster,
): Promise<CampaignResult> {
  const cluster = given ?? (await startNodeCampaignCluster());
  const client = new KubeClient(loadKubeconfig(cluster.kubeconfig).config);
  const docker = new Docker({ socketPath: dockerSocketOf(cluster.home) });
  const c: Ctx = { cluster, client, docker, o };
  const faults: Fault[] = [];
  const notes = [`one node, Ready ${(cluster.upMs / 1000).toFixed(1)} s after \`up\` started`];
  // Every process `up` starts must be running under the PID its pid file names before any fault.
  const missing = RESTARTABLE.filter((n) => !componentPids(cluster.home).has(n));
  if (missing.length)
    notes.push(`BUG: right after up, no live process in the pid file of ${missing.join(', ')}`);
  try {
    for (let round = 0; round < o.rounds; round++)
      for (const victim of o.victims ?? NODE_VICTIMS) {
        o.signal?.throwIfAborted();
        const f = await runFault(c, victim, round);
        o.progress?.(`${victim} #${round}: converged in ${f.convergeMs ?? '-'} ms; ${f.notes.join('; ')}`);
        faults.push(f);
      }
    notes.push(...(await noOrphans(c)));
  } finally {
    client.close();
    if (!given) await cluster.down();
  }
  if (!given) {
    const left = await nodeCampaignLeftovers(cluster.home);
    if (left.length) notes.push(`BUG: left after down --purge: ${left.join(', ')}`);
  }
  return result(faults, notes, o);
}

function result(faults: Fault[], notes: string[], o: KillNodeComponentsOptions): CampaignResult {
  for (const victim of new Set(faults.map((f) => f.victim))) {
    const mine = faults.filter((f) => f.victim === victim);
    const ms = mine.flatMap((f) => (f.convergeMs === undefined ? [] : [f.convergeMs]));
    const up = mine.map((f) => f.upMs);
    const p = (xs: number[], q: number) => (xs.length ? Math.round(percentile(xs, q)) : '-');
    notes.push(
      `${victim}: converge p50 ${p(ms, 50)} ms, p99 ${p(ms, 99)} ms over ${ms.length}/${mine.length} faults ` +
        `(up --skip-install p50 ${p(up, 50)} ms); ${[...new Set(mine.flatMap((f) => f.notes))].join('; ')}`,
    );
  }
  const sum = (k: 'duplicates' | 'lost' | 'pods') => faults.reduce((n, f) => n + f[k], 0);
  return {
    campaign: 'kill-node-components',
    cases: faults.length * o.replicas,
    faultsInjected: faults.length,
    acknowledgedWrites: sum('pods'),
    writesLost: sum('lost'),
    duplicates: sum('duplicates'),
    crashes: faults.reduce((n, f) => n + f.crashed.length, 0),
    convergeMs: faults.flatMap((f) => (f.convergeMs === undefined ? [] : [f.convergeMs])),
    notes,
  };
}

async function runFault(c: Ctx, victim: NodeVictim, round: number): Promise<Fault> {
  const { client, docker, cluster, o } = c;
  const rc = `kn-${victim}-${round}`;
  const f: Fault = { victim, upMs: 0, duplicates: 0, lost: 0, crashed: [], pods: 0, notes: [] };
  const template = {
    metadata: { labels: { app: rc } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: 'busybox', command: ['sleep', '1000000'] }],
    },
  };
  const created = await client.create<ReplicationController>('replicationcontrollers', 'default', {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: rc },
    spec: { replicas: 0, selector: { app: rc }, template },
  });
  const state = () => readNodeState(client, docker, rc, created.metadata!.uid!);
  await client.patchScale('replicationcontrollers', 'default', rc, o.replicas);
  const scaledAt = Date.now();

  let atKill: NodeState = { pods: [], containers: [] };
  await waitUntil(`${rc}: the scale-up far enough to kill the ${victim}`, 60_000, async () =>
    TRIGGER[victim]((atKill = await state())),
  );
  const keep = appContainerIds(running(atKill));
  const before = componentPids(cluster.home);
  const [pid, spared] = await victimPid(c, victim, atKill, before);
  if (spared) keep.delete(spared);
  const killedAt = Date.now();
  await sigkill(pid, victim);
  f.notes.push(`killed at ${summary(atKill)}`);

  const upStart = Date.now();
  const { stderr } = await cluster.k8ts(['up', '--skip-install'], 180_000);
  f.upMs = Date.now() - upStart;
  f.notes.push(`trigger after ${killedAt - scaledAt} ms, up ${f.upMs} ms`);
  const afterUp = componentPids(cluster.home);
  const restarted = restartedBetween(before, afterUp);
  const expected = EXPECT_RESTARTED[victim];
  f.crashed = restarted.filter((n) => !expected.includes(n));
  if (restarted.sort().join() !== [...expected].sort().join()) {
    const pids = (m: Map<string, number>) => [...m].map(([n, pid]) => `${n} ${pid}`).join(', ');
    f.notes.push(
      `BUG: up restarted [${restarted.join(', ')}], want [${expected.join(', ')}] ` +
        `(PIDs before: ${pids(before)}; after: ${pids(afterUp)}; up said: ${stderr.trim().split('\n').slice(-12).join(' | ')})`,
    );
  }
  if (victim === 'dockerd') f.notes.push(await survivors(c, keep));

  let last = { problems: ['not read yet'], duplicates: 0 };
  try {
    await waitUntil(`${rc} converged`, o.convergeWithinMs, async () => {
      last = convergenceProblems(await state(), rc, o.replicas);
      return last.problems.length === 0;
    });
    f.convergeMs = Date.now() - killedAt;
  } catch {
    f.notes.push(`BUG: not converged ${o.convergeWithinMs} ms after the kill: ${last.problems.join('; ')}`);
  }
  await sleep(o.holdMs);
  const final = await state();
  const after = convergenceProblems(final, rc, o.replicas);
  f.pods = final.pods.length;
  f.lost = Math.max(0, o.replicas - final.pods.length);
  f.duplicates = after.duplicates + Math.max(0, final.pods.length - o.replicas);
  if (f.convergeMs !== undefined && after.problems.length)
    f.notes.push(`BUG: ${o.holdMs} ms after converging: ${after.problems.join('; ')}`);
  if (victim !== 'dockerd') f.notes.push(...restartedPods(keep, final, victim));
  if (spared) f.notes.push(restartShown(final, spared));
  await scaleDown(c, rc);
  return f;
}

/** The PID to kill, and for a container the pod whose container that is (it alone may restart). */
async function victimPid(
  c: Ctx,
  victim: NodeVictim,
  s: NodeState,
  pids: Map<string, number>,
): Promise<[number, string?]> {
  if (victim !== 'container') {
    const pid = pids.get(victim);
    if (pid === undefined) throw new Error(`no running ${victim} to kill`);
    return [pid];
  }
  const [uid, id] = [...appContainerIds(running(s))][0]!;
  return [await containerMainPid(c.docker, id), uid];
}

/** What a dockerd restart did to the containers of the pods that were Running when it was killed. */
async function survivors(c: Ctx, keep: Map<string, string>): Promise<string> {
  const ids = new Set((await c.docker.listContainers()).map((x) => x.Id));
  const known = new Set((await c.docker.listContainers({ all: true })).map((x) => x.Id));
  const alive = [...keep.values()].filter((id) => ids.has(id)).length;
  const orphaned = shimContainerIds(c.cluster.home).filter((id) => !known.has(id)).length;
  return (
    `${alive} of ${keep.size} app containers of Running pods still ran after dockerd's restart (no live-restore); ` +
    `${orphaned} containerd shims serving a container Docker does not know, right after up`
  );
}

/** BUG lines for pods that were Running before the kill and whose app container is no longer the same. */
function restartedPods(keep: Map<string, string>, final: NodeState, victim: NodeVictim): string[] {
  const now = appContainerIds(final);
  const names = new Map(final.pods.map((p) => [p.metadata?.uid, p.metadata?.name]));
  const changed = [...keep].filter(([uid, id]) => now.get(uid) !== id);
  return changed.length
    ? [
        `BUG: ${changed.length} of ${keep.size} pods Running before the ${victim} kill got new containers: ${changed.map(([uid]) => names.get(uid) ?? uid).join(', ')}`,
      ]
    : [`${keep.size} pods Running at the kill kept their containers`];
}

/** The pod whose main process was killed must show the restart (restartCount ≥ 1), as `kubectl get` would. */
function restartShown(final: NodeState, uid: string): string {
  const pod = final.pods.find((p) => p.metadata?.uid === uid);
  const restarts = pod?.status?.containerStatuses?.[0]?.restartCount ?? 0;
  return restarts >= 1
    ? `the killed container's pod shows restartCount ${restarts}`
    : `BUG: the pod whose container was killed shows restartCount ${restarts}${pod ? '' : ' (pod gone)'}`;
}

/** Scales the RC to 0 and deletes it once its pods are being deleted; their containers go meanwhile (checked at
 * the end by noOrphans), so the next fault need not wait for them. */
async function scaleDown(c: Ctx, rc: string): Promise<void> {
  await c.client.patchScale('replicationcontrollers', 'default', rc, 0);
  await waitUntil(`${rc}'s pods being deleted`, 60_000, async () => {
    const pods = await c.client.list<Pod>('pods', 'default', { labelSelector: `app=${rc}` });
    return pods.items.every((p) => p.metadata?.deletionTimestamp);
  });
  await c.client.delete('replicationcontrollers', 'default', rc);
}

/** After every fault: no pod of the campaign left in the API, and no container of ours still running for one. */
async function noOrphans(c: Ctx): Promise<string[]> {
  let left: string[] = [];
  try {
    await waitUntil('every pod of the campaign gone, with its containers', 90_000, async () => {
      const pods = (await c.client.list<Pod>('pods', 'default')).items.filter((p) =>
        p.metadata?.name?.startsWith('kn-'),
      );
      const ps = await c.docker.listContainers({ filters: { label: [`${LABEL_POD_NAMESPACE}=default`] } });
      left = [...pods.map((p) => `pod ${p.metadata?.name}`), ...ps.map((x) => `container ${x.Names[0]}`)];
      return left.length === 0;
    });
    return [];
  } catch {
    return [`BUG: 90 s after the last fault, still there: ${left.join(', ')}`];
  }
}
