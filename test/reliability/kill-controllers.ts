// Campaign "kill the controllers": an apiserver, `k8ts hollow-nodes`, the scheduler and the
// controller-manager, each its own process on loopback. An RC is scaled 0 → `replicas`; during the scale-up
// the controller-manager (once some pods exist) and then the scheduler (once some are bound) are SIGKILLed
// by PID and restarted. The cluster must
// converge to exactly `replicas` pods owned by the RC (ownerReference with its uid), all bound and
// Running, within `convergeWithinMs` of the last restart, and stay there (no late extra pods: a
// duplicate). The converge column is the time from the last restart to that state.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/etcd';
import type { CampaignResult } from './campaign';
import { startComponent, waitUntil, type ComponentProcess } from './component-process';
import { requestWithTimeout } from './http-timeout';

export interface KillControllersOptions {
  replicas: number;
  nodes: number;
  /** The controller-manager is killed once this many pods exist, the scheduler once this many are bound. */
  killManagerAtPods: number;
  killSchedulerAtBound: number;
  /** Down time before each restart. */
  downMs: number;
  convergeWithinMs: number;
}

const RC = 'reliability-rc';
const RCS = '/api/v1/namespaces/default/replicationcontrollers';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PodLike {
  metadata: { name: string; uid: string; ownerReferences?: { uid: string }[]; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

export async function runKillControllersCampaign(o: KillControllersOptions): Promise<CampaignResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-reliability-controllers-'));
  const agent = new http.Agent({ keepAlive: true });
  const procs: ComponentProcess[] = [];
  const notes: string[] = [];
  const start = (args: string[]) => {
    const p = startComponent(args);
    procs.push(p);
    return p;
  };
  try {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const apiserver = start([
      'apiserver',
      '--data-dir',
      path.join(dir, 'data'),
      '--insecure-port',
      String(port),
    ]);
    await waitUntil('apiserver healthy', 60_000, async () => (await fetch(`${api}/healthz`)).ok);
    const hollow = start([
      'hollow-nodes',
      '--master',
      api,
      '--count',
      String(o.nodes),
      '--name-prefix',
      'rel-hollow-',
    ]);
    const scheduler = async () => start(['scheduler', '--master', api, '--port', String(await freePort())]);
    const manager = async () =>
      start(['controller-manager', '--master', api, '--port', String(await freePort())]);
    let sched = await scheduler();
    let cm = await manager();
    const get = (p: string) => requestWithTimeout(agent, api, 'GET', p, undefined, 30_000);
    await waitUntil(`${o.nodes} hollow nodes`, 60_000, async () => {
      const r = await get('/api/v1/nodes');
      return (JSON.parse(r.body) as { items: unknown[] }).items.length >= o.nodes;
    });
    const template = {
      metadata: { labels: { app: RC } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const created = await requestWithTimeout(
      agent,
      api,
      'POST',
      RCS,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: RC },
        spec: { replicas: 0, selector: { app: RC }, template },
      }),
      30_000,
    );
    if (created.status !== 201) throw new Error(`create RC: ${created.code} ${created.body}`);
    const rcUid = (JSON.parse(created.body) as PodLike).metadata.uid;
    const pods = async () => {
      const r = await get(`/api/v1/namespaces/default/pods?labelSelector=app%3D${RC}`);
      return (JSON.parse(r.body) as { items: PodLike[] }).items.filter((p) =>
        p.metadata.ownerReferences?.some((ref) => ref.uid === rcUid),
      );
    };
    const scaled = await requestWithTimeout(
      agent,
      api,
      'PUT',
      `${RCS}/${RC}`,
      JSON.stringify({
        ...(JSON.parse(created.body) as object),
        spec: { replicas: o.replicas, selector: { app: RC }, template },
      }),
      30_000,
    );
    if (scaled.status !== 200) throw new Error(`scale RC: ${scaled.code} ${scaled.body}`);
    const seenAtKill: string[] = [];
    const at = async (what: string, ok: (ps: PodLike[]) => boolean) => {
      let ps: PodLike[] = [];
      await waitUntil(what, 60_000, async () => ok((ps = await pods())));
      const bound = ps.filter((p) => p.spec?.nodeName).length;
      seenAtKill.push(`${ps.length} pods, ${bound} bound`);
    };
    await at(`${o.killManagerAtPods} pods`, (ps) => ps.length >= o.killManagerAtPods);
    await cm.kill('SIGKILL');
    await sleep(o.downMs);
    cm = await manager();
    await at(
      `${o.killSchedulerAtBound} bound`,
      (ps) => ps.filter((p) => p.spec?.nodeName).length >= o.killSchedulerAtBound,
    );
    await sched.kill('SIGKILL');
    await sleep(o.downMs);
    sched = await scheduler();
    const restartedAt = Date.now();

    let last: PodLike[] = [];
    const converged = (ps: PodLike[]) =>
      ps.length === o.replicas && ps.every((p) => p.spec?.nodeName && p.status?.phase === 'Running');
    let convergeMs: number[] = [];
    try {
      await waitUntil(`${o.replicas} Running pods`, o.convergeWithinMs, async () =>
        converged((last = await pods())),
      );
      convergeMs = [Date.now() - restartedAt];
    } catch {
      const bound = last.filter((p) => p.spec?.nodeName).length;
      const running = last.filter((p) => p.status?.phase === 'Running').length;
      notes.push(
        `BUG: not converged ${o.convergeWithinMs} ms after the restarts: ${last.length} pods, ${bound} bound, ${running} Running`,
      );
    }
    // Stay converged: a controller that double-counted would add pods after the fact.
    await sleep(2000);
    const final = await pods();
    const names = new Set(final.map((p) => p.metadata.name));
    const duplicates = Math.max(0, final.length - o.replicas) + (final.length - names.size);
    if (final.length > o.replicas) notes.push(`BUG: ${final.length} pods for ${o.replicas} replicas`);
    if (final.length < o.replicas)
      notes.push(`BUG: ${final.length} pods for ${o.replicas} replicas after converging`);
    // The killed processes were replaced: these four are the ones that must be running now.
    const live = [apiserver, hollow, cm, sched];
    for (const p of live) if (!p.alive()) notes.push(`BUG: process ${p.pid} died (${p.exit()})`);
    notes.push(
      `${o.nodes} hollow nodes; when the controller-manager / scheduler were killed: ${seenAtKill.join(' / ')}; ` +
        `${final.length} pods at the end`,
    );
    return {
      campaign: 'kill-controllers',
      cases: o.replicas,
      faultsInjected: 2,
      acknowledgedWrites: final.length,
      writesLost: 0,
      duplicates,
      crashes: live.filter((p) => !p.alive()).length,
      convergeMs,
      notes,
    };
  } finally {
    agent.destroy();
    for (const p of procs.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
