// Campaign "disk full" (issue 10): a real apiserver whose store runs out of space (disk-full-target.ts).
// Pods are created and updated with a bulky annotation until a write is refused; then, while full: a create,
// an update and a delete must each be answered at once with a Status a user can act on (507, "storage full"),
// the API must not die, the pod count and the list's resourceVersion must not move, reads must work and no
// watch event may appear for a refused write. Then an operator makes room, and writes must resume without an
// apiserver restart (time to resume = converge). Afterwards every acknowledged write must read back exactly,
// the watch must have seen exactly the acknowledged writes, and after an apiserver restart the data must open
// cleanly (sqlite: integrity_check ok; etcd: healthy, no alarm). Where the store dies under the write that fills
// it (etcd-fs), that one write is in doubt, as after any crash: it may exist exactly as sent, or not at all.
import type { CampaignResult } from './campaign';
import { startFullDiskTarget, type DiskFullStore, type FullDiskTarget } from './disk-full-target';
import { PodWatch } from './disk-full-watch';

export interface DiskFullOptions {
  store: DiskFullStore;
  /** Bytes of the annotation every write carries (default: sqlite 8 KiB, etcd 16 KiB, etcd-fs 64 KiB). */
  payloadBytes?: number;
  /** Updates of each pod after its create, while filling (default 3). */
  updatesPerPod?: number;
  /** Gives up (a finding) if the store is still not full after this many writes (default 5000). */
  maxWrites?: number;
  /** Restart the apiserver after the episode and read everything back again (default true). */
  restartApiServer?: boolean;
  /** Progress lines (phase and time), for a long run's log. */
  log?: (line: string) => void;
}

const PODS = '/api/v1/namespaces/default/pods';
/** A refused write must be answered within this; longer counts as a hang. */
const ANSWER_WITHIN_MS = 10_000;
const RESUME_WITHIN_MS = 30_000;

interface Pod {
  metadata: { name: string; uid: string; resourceVersion: string; annotations?: Record<string, string> };
}
interface Reply {
  status: number;
  body: string;
  ms: number;
}

/** The acknowledged state: name → the pod as its last acknowledged write returned it (undefined: deleted). */
type Acked = Map<string, Pod | undefined>;

/** One request; no answer within ANSWER_WITHIN_MS (a hang) or a dropped connection is status 0. */
async function call(url: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const started = Date.now();
  try {
    const res = await fetch(url + path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    return { status: res.status, body: await res.text(), ms: Date.now() - started };
  } catch (e) {
    return { status: 0, body: `no answer: ${(e as Error).message}`, ms: Date.now() - started };
  }
}

const payload = (name: string, seq: number, bytes: number) =>
  `${name}.${seq}.`.padEnd(bytes, String.fromCharCode(97 + (seq % 26)));

const podBody = (name: string, fill: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations: { fill } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

/** A write whose answer was lost when the store died under it: it may have landed, exactly as sent. */
interface InDoubt {
  name: string;
  event: 'ADDED' | 'MODIFIED';
  fill: string;
}

interface Tally {
  /** What a refused write must answer (FullDiskTarget.refusal). */
  refusal: number;
  acked: Acked;
  inDoubt?: InDoubt;
  /** Every acknowledged write, in order, as the watch must report it. */
  writes: string[];
  failed: number;
  crashes: number;
  notes: string[];
}

export async function runDiskFullCampaign(o: DiskFullOptions): Promise<CampaignResult> {
  const bytes = o.payloadBytes ?? { sqlite: 8192, etcd: 16384, 'etcd-fs': 65536 }[o.store];
  const target = await startFullDiskTarget(o.store);
  const t: Tally = {
    refusal: target.refusal,
    acked: new Map(),
    writes: [],
    failed: 0,
    crashes: 0,
    notes: [],
  };
  let watch: PodWatch | undefined;
  let resumeMs: number | undefined;
  const began = Date.now();
  const phase = (what: string) => o.log?.(`disk-full-${o.store} +${Date.now() - began} ms: ${what}`);
  try {
    const start = await list(target.url());
    watch = new PodWatch(target.url(), PODS, start.rv);
    phase('filling');
    const refusal = await fill(target, t, bytes, o.updatesPerPod ?? 3, o.maxWrites ?? 5000);
    if (refusal) {
      t.notes.push(`full: HTTP ${refusal.status} ${refusal.body.slice(0, 300)}`);
      phase(`full after ${t.writes.length} writes`);
      await whileFull(target, t, bytes);
      phase('making room');
      resumeMs = await resume(target, t, bytes);
    }
    await wroteAfterResume(target.url(), t, bytes);
    phase('checking the watch');
    await checkWatch(watch, t, target.readsWhileFull);
    await checkReadBack(target.url(), t, 'before restart');
    if (!target.apiServerAlive()) {
      t.crashes++;
      t.notes.push('BUG: the apiserver died while the store was full');
    }
    watch.stop(); // an open watch would hold up the apiserver's graceful stop
    if (o.restartApiServer ?? true) {
      phase('restarting the apiserver');
      await target.restartApiServer();
      phase('restarted');
      await checkReadBack(target.url(), t, 'after an apiserver restart');
    }
    phase('checking the data at rest');
    const atRest = await target.checkAtRest();
    t.notes.push(atRest ? `BUG: corrupt: ${atRest}` : 'corrupt: 0 (data opens cleanly after the episode)');
  } finally {
    watch?.stop();
    await target.stop();
  }
  const lost = t.notes.filter((n) => n.startsWith('BUG: lost')).length;
  const phantoms = t.notes.filter((n) => n.startsWith('BUG: phantom')).length;
  t.notes.unshift(`writes refused while full: ${t.failed}`);
  return {
    campaign: `disk-full-${o.store}`,
    cases: t.writes.length + t.failed,
    faultsInjected: resumeMs === undefined ? 0 : 1,
    acknowledgedWrites: t.writes.length,
    writesLost: lost,
    duplicates: phantoms,
    crashes: t.crashes,
    convergeMs: resumeMs === undefined ? [] : [resumeMs],
    notes: t.notes,
  };
}

async function list(url: string): Promise<{ pods: Pod[]; rv: string }> {
  const r = await call(url, 'GET', PODS);
  if (r.status !== 200) throw new Error(`list pods: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  const body = JSON.parse(r.body) as { items: Pod[]; metadata: { resourceVersion: string } };
  return { pods: body.items, rv: body.metadata.resourceVersion };
}

/** Records an answer: 2xx is an acknowledged write; the target's refusal (507, 503) a refusal; else a finding. */
function record(t: Tally, what: string, r: Reply, event: 'ADDED' | 'MODIFIED' | 'DELETED'): Pod | undefined {
  if (r.status >= 200 && r.status < 300) {
    const pod = JSON.parse(r.body) as Pod;
    t.acked.set(pod.metadata.name, event === 'DELETED' ? undefined : pod);
    t.writes.push(`${event} ${pod.metadata.name} ${pod.metadata.resourceVersion}`);
    return pod;
  }
  if (r.status === t.refusal) {
    t.failed++;
    const says = r.status === 507 ? /storage full/ : /storage is unavailable/;
    if (!says.test(r.body)) t.notes.push(`BUG: ${what}: ${r.status} that does not say why: ${r.body}`);
    if (r.ms > ANSWER_WITHIN_MS / 2) t.notes.push(`BUG: ${what}: refusal took ${r.ms} ms`);
    return undefined;
  }
  if (r.status >= 500) t.crashes++;
  t.notes.push(`BUG: ${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return undefined;
}

/** Creates and updates pods until the first refusal (returned), or maxWrites. */
async function fill(target: FullDiskTarget, t: Tally, bytes: number, updates: number, maxWrites: number) {
  const url = target.url();
  const refused = (r: Reply, doubt: InDoubt) => {
    if (r.status !== t.refusal) return undefined;
    if (target.fillingWriteInDoubt) t.inDoubt = doubt;
    return r;
  };
  for (let i = 0; t.writes.length < maxWrites; i++) {
    const name = `fill-${i}`;
    const r = await call(url, 'POST', PODS, podBody(name, payload(name, 0, bytes)));
    let pod = record(t, `create ${name}`, r, 'ADDED');
    if (!pod) return refused(r, { name, event: 'ADDED', fill: payload(name, 0, bytes) });
    for (let seq = 1; seq <= updates; seq++) {
      const next: Pod = {
        ...pod,
        metadata: { ...pod.metadata, annotations: { fill: payload(name, seq, bytes) } },
      };
      const u = await call(url, 'PUT', `${PODS}/${name}`, next);
      pod = record(t, `update ${name}`, u, 'MODIFIED');
      if (!pod) return refused(u, { name, event: 'MODIFIED', fill: payload(name, seq, bytes) });
    }
  }
  t.notes.push(`BUG: the store took ${maxWrites} writes without filling up`);
  return undefined;
}

/** A create, an update and a delete while full: each refused (or, if the backend can, done); nothing moves. */
async function whileFull(target: FullDiskTarget, t: Tally, bytes: number): Promise<void> {
  const url = target.url();
  const before = target.readsWhileFull ? await list(url) : undefined;
  const victim = [...t.acked.values()].find((p) => p !== undefined)!;
  const failedBefore = t.failed;
  record(
    t,
    'create while full',
    await call(url, 'POST', PODS, podBody('full-0', payload('full-0', 0, bytes))),
    'ADDED',
  );
  const changed = {
    ...victim,
    metadata: { ...victim.metadata, annotations: { fill: payload('x', 9, bytes) } },
  };
  record(
    t,
    'update while full',
    await call(url, 'PUT', `${PODS}/${victim.metadata.name}`, changed),
    'MODIFIED',
  );
  const del = await call(url, 'DELETE', `${PODS}/${victim.metadata.name}?gracePeriodSeconds=0`);
  record(t, 'delete while full', del, del.status === 200 ? 'DELETED' : 'MODIFIED');
  if (!before) return; // the store is gone: nothing more can be read until an operator brings it back
  const get = await call(url, 'GET', `${PODS}/${victim.metadata.name}`);
  if (get.status !== 200 && t.acked.get(victim.metadata.name))
    t.notes.push(`BUG: reading a pod while full: HTTP ${get.status} ${get.body.slice(0, 200)}`);
  const after = await list(url);
  const refusedAll = t.failed - failedBefore === 3;
  if (refusedAll && (after.pods.length !== before.pods.length || after.rv !== before.rv))
    t.notes.push(
      `BUG: refused writes moved the store: ${before.pods.length} pods at ${before.rv} → ${after.pods.length} at ${after.rv}`,
    );
  if (!refusedAll)
    t.notes.push(`while full, ${3 - (t.failed - failedBefore)} of 3 probe writes were accepted`);
}

/** Makes room, then retries one create until it is acknowledged: the time from making room to that answer. */
async function resume(target: FullDiskTarget, t: Tally, bytes: number): Promise<number | undefined> {
  const started = Date.now();
  t.notes.push(`operator: ${await target.makeRoom()}`);
  while (Date.now() - started < RESUME_WITHIN_MS) {
    const r = await call(target.url(), 'POST', PODS, podBody('resumed-0', payload('resumed-0', 0, bytes)));
    if (r.status === t.refusal) {
      await new Promise((res) => setTimeout(res, 50));
      continue;
    }
    if (record(t, 'first create after making room', r, 'ADDED')) return Date.now() - started;
    return undefined;
  }
  t.notes.push(`BUG: writes did not resume within ${RESUME_WITHIN_MS} ms of making room`);
  return undefined;
}

async function wroteAfterResume(url: string, t: Tally, bytes: number): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    const name = `resumed-${i}`;
    record(
      t,
      `create ${name}`,
      await call(url, 'POST', PODS, podBody(name, payload(name, 0, bytes))),
      'ADDED',
    );
  }
}

/**
 * The watch must have delivered exactly the acknowledged writes, in order: none missing, none extra. Where the
 * store itself went away (etcd-fs), a watch may end instead (clients relist), but may not skip or invent events.
 */
async function checkWatch(watch: PodWatch, t: Tally, mustSurvive: boolean): Promise<void> {
  const last = t.writes.at(-1);
  const deadline = Date.now() + 10_000;
  while (last && !watch.seen.includes(last) && Date.now() < deadline && !watch.error)
    await new Promise((r) => setTimeout(r, 50));
  if (watch.error && !mustSurvive) {
    t.notes.push(`watch: ended when the store went away (${watch.error}); clients relist`);
    return;
  }
  if (watch.error) t.notes.push(`BUG: the watch failed: ${watch.error}`);
  const seen = new Set(watch.seen);
  const acked = new Set(t.writes);
  for (const w of t.writes) if (!seen.has(w)) t.notes.push(`BUG: lost from the watch: ${w}`);
  for (const s of watch.seen) {
    if (acked.has(s)) continue;
    const doubt = t.inDoubt;
    if (doubt && s.startsWith(`${doubt.event} ${doubt.name} `))
      t.notes.push(`watch: the write in doubt: ${s}`);
    else t.notes.push(`BUG: phantom watch event: ${s}`);
  }
  if (t.writes.join() !== watch.seen.filter((s) => acked.has(s)).join())
    t.notes.push('BUG: the watch delivered the acknowledged writes out of order');
}

/** Every acknowledged pod reads back exactly (uid, resourceVersion, annotation); nothing else exists. */
async function checkReadBack(url: string, t: Tally, when: string): Promise<void> {
  const { pods } = await list(url);
  const byName = new Map(pods.map((p) => [p.metadata.name, p]));
  const doubt = t.inDoubt;
  const landed = doubt && byName.get(doubt.name)?.metadata.annotations?.fill === doubt.fill;
  if (doubt)
    t.notes.push(
      `${when}: the write etcd died under (${doubt.event} ${doubt.name}) ${landed ? 'had landed, exactly as sent' : 'did not land'}`,
    );
  for (const [name, want] of t.acked) {
    if (landed && name === doubt.name) continue;
    const got = byName.get(name);
    if (!want) {
      if (got) t.notes.push(`BUG: phantom ${when}: ${name} was deleted but exists`);
      continue;
    }
    if (!got) t.notes.push(`BUG: lost ${when}: ${name} (acknowledged at ${want.metadata.resourceVersion})`);
    else if (
      got.metadata.uid !== want.metadata.uid ||
      got.metadata.resourceVersion !== want.metadata.resourceVersion ||
      got.metadata.annotations?.fill !== want.metadata.annotations?.fill
    )
      t.notes.push(
        `BUG: lost ${when}: ${name} reads back at ${got.metadata.resourceVersion}, acknowledged at ${want.metadata.resourceVersion}`,
      );
  }
  for (const name of byName.keys())
    if (!t.acked.has(name) && !(landed && name === doubt.name))
      t.notes.push(`BUG: phantom ${when}: ${name} exists but no write of it was acknowledged`);
}
