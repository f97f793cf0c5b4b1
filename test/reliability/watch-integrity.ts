// Campaign "watch integrity": `watchers` client-go style watchers follow pods from resourceVersion R while
// `writers` create, patch and delete, and the apiserver is SIGKILLed and restarted halfway (the watchers
// resume from their last resourceVersion, or relist on 410). Then, per watcher: resourceVersions strictly
// increase (else: duplicate); every event any watcher saw, and every acknowledged create or patch, inside the
// span a watch covered reached it (else: lost, a gap); no two watchers were told different things at one
// version; and the state rebuilt from its events equals a fresh list.
import { KubeClient } from '../../src/client';
import type { KubeObject } from '../../src/api/types';
import { startApiServerUnderFault, type StoreKind } from './apiserver-under-fault';
import type { CampaignResult } from './campaign';
import { WatchRecorder } from './watch-recorder';

export interface WatchOptions {
  store: StoreKind;
  watchers: number;
  writers: number;
  /** Writes go on at least this long, and at least 1 s past the restart. */
  writeMs: number;
  seed?: number;
}

interface Ack {
  name: string;
  rv: number;
}

const NS = 'default';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a seeded PRNG, so a failing run's operation mix can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One writer over its own 6 names; an error makes it forget whether the name exists and ask again. */
async function writer(client: KubeClient, id: number, until: () => boolean, rand: () => number, acks: Ack[]) {
  const exists: (boolean | undefined)[] = Array(6).fill(false);
  let errors = 0;
  for (let seq = 0; !until(); seq++) {
    const k = Math.floor(rand() * exists.length);
    const name = `w${id}-${k}`;
    try {
      if (exists[k] === undefined) {
        exists[k] = await client.get('pods', NS, name).then(
          () => true,
          () => false,
        );
      }
      let obj: KubeObject | undefined;
      if (!exists[k]) {
        obj = await client.create('pods', NS, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels: { seq: String(seq) } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        });
        exists[k] = true;
      } else if (rand() < 0.7) {
        obj = await client.patch('pods', NS, name, 'merge', { metadata: { labels: { seq: String(seq) } } });
      } else {
        await client.delete('pods', NS, name, { gracePeriodSeconds: 0 });
        exists[k] = false;
      }
      if (obj) acks.push({ name, rv: Number(obj.metadata!.resourceVersion) });
    } catch {
      exists[k] = undefined;
      errors++;
      await sleep(20);
    }
  }
  return errors;
}

export async function runWatchCampaign(o: WatchOptions): Promise<CampaignResult> {
  const server = await startApiServerUnderFault(o.store);
  const client = new KubeClient({ server: server.url, timeoutMs: 5000 });
  const recorders: WatchRecorder[] = [];
  try {
    const r0 = (await client.list('pods', NS)).metadata!.resourceVersion!;
    for (let i = 0; i < o.watchers; i++) recorders.push(new WatchRecorder(client, NS, r0));
    const rand = prng(o.seed ?? 10);
    const acks: Ack[] = [];
    const started = Date.now();
    let restartedAt = Infinity;
    let killedAt = 0;
    const until = () => Date.now() > Math.max(started + o.writeMs, restartedAt + 1000);
    const fault = sleep(o.writeMs / 2).then(async () => {
      killedAt = Date.now();
      await server.kill();
      await server.restart();
      restartedAt = Date.now();
    });
    const writes = Array.from({ length: o.writers }, (_, i) => writer(client, i, until, rand, acks));
    await fault;
    const writeErrors = (await Promise.all(writes)).reduce((a, b) => a + b, 0);
    const final = await client.list('pods', NS);
    const finalRv = Number(final.metadata!.resourceVersion);
    const deadline = Date.now() + 30_000;
    while (recorders.some((w) => w.lastRv < finalRv) && Date.now() < deadline) await sleep(50);
    const alive = server.alive();
    for (const w of recorders) w.stop();
    const expected = new Map(
      final.items.map((p) => [p.metadata!.name!, Number(p.metadata!.resourceVersion)]),
    );
    return check(recorders, acks, expected, finalRv, { killedAt, restartedAt, writeErrors, alive, o });
  } finally {
    for (const w of recorders) w.stop();
    client.close();
    await server.stop();
  }
}

function check(
  recorders: WatchRecorder[],
  acks: Ack[],
  expected: Map<string, number>,
  finalRv: number,
  x: { killedAt: number; restartedAt: number; writeErrors: number; alive: boolean; o: WatchOptions },
): CampaignResult {
  const notes: string[] = [];
  let lost = 0;
  let duplicates = 0;
  let cases = 0;
  let fatal = 0;
  const convergeMs: number[] = [];
  const history = unionHistory(recorders, notes);
  recorders.forEach((w, i) => {
    if (w.fatal) {
      fatal++;
      notes.push(`BUG: watcher ${i} gave up: ${w.fatal.message}`);
    }
    w.segments.forEach((s, j) => {
      cases += s.events.length;
      const end = j + 1 < w.segments.length ? (s.events.at(-1)?.rv ?? s.fromRv) : finalRv;
      let prev = s.fromRv;
      for (const e of s.events) {
        if (e.rv <= prev) duplicates++;
        prev = e.rv;
      }
      const seen = new Set(s.events.map((e) => e.rv));
      const gaps = [...history.keys()].filter((rv) => rv > s.fromRv && rv <= end && !seen.has(rv));
      const missed = acks.filter((a) => a.rv > s.fromRv && a.rv <= end && !seen.has(a.rv));
      lost += new Set([...gaps, ...missed.map((a) => a.rv)]).size;
      if (gaps.length || missed.length)
        notes.push(
          `BUG: watcher ${i} segment ${j}: ${gaps.length} gaps, ${missed.length} acknowledged writes missed`,
        );
    });
    // Whole again: the first event from the new server, or the relist its 410 led to. (Events read before
    // the kill may still be dispatched just after it, so only what happens after the restart counts.)
    const signs = w.segments.flatMap((s, j) => [...(j > 0 ? [s.at] : []), ...s.events.map((e) => e.at)]);
    const back = Math.min(...signs.filter((at) => at >= x.restartedAt));
    if (Number.isFinite(back)) convergeMs.push(back - x.killedAt);
    const diff = [...new Set([...expected.keys(), ...w.state.keys()])].filter(
      (n) => expected.get(n) !== w.state.get(n),
    );
    if (diff.length) notes.push(`BUG: watcher ${i}'s state differs from a fresh list on ${diff.join(', ')}`);
  });
  if (duplicates) notes.push(`BUG: ${duplicates} events out of order or repeated`);
  const relisted = recorders.filter((w) => w.relists > 0).length;
  notes.push(
    `${x.o.watchers} watchers, ${x.o.writers} writers; ${relisted} watchers relisted after 410; ` +
      `${x.writeErrors} writes failed around the restart; ${expected.size} pods at the end`,
  );
  return {
    campaign: `watch-integrity/${x.o.store}`,
    cases,
    faultsInjected: 1,
    acknowledgedWrites: acks.length,
    writesLost: lost,
    duplicates,
    crashes: fatal + (x.alive ? 0 : 1),
    convergeMs,
    notes,
  };
}

/** Every event any watcher saw, by resourceVersion; two watchers told different things at one rv is a bug. */
function unionHistory(recorders: WatchRecorder[], notes: string[]): Map<number, string> {
  const history = new Map<number, string>();
  for (const w of recorders)
    for (const s of w.segments)
      for (const e of s.events) {
        const what = `${e.type} ${e.name}`;
        const had = history.get(e.rv);
        if (had === undefined) history.set(e.rv, what);
        else if (had !== what)
          notes.push(`BUG: at resourceVersion ${e.rv} one watcher saw ${had}, another ${what}`);
      }
  return history;
}
