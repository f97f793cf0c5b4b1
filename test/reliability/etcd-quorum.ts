// Campaign "etcd quorum": a `k8ts apiserver` process on a 3-member etcd cluster, `clients` clients creating
// pods under names only they use.
//   1. SIGKILL the etcd leader mid-load: the API keeps serving; a create that fails is retried under the
//      same name until 201, or 409 AlreadyExists (its first try landed).
//   2. SIGKILL a second member (no quorum): every create must fail cleanly — a 5xx, or no answer within the
//      client's timeout — while lists at resourceVersion=0 (the watch cache) still answer 200 with every
//      acknowledged pod, and a watch opened before stays open.
//   3. Restart both members: creates succeed again (time to the first 201 is the converge time); the
//      creates that failed in 2 are retried under their names (a 409 means one landed late, which is
//      allowed); the old watch sees the new pods.
// Afterwards every acknowledged pod must be listed with its uid (else: lost), no name twice, nothing that
// no client asked for (else: duplicate), and the apiserver must never have died (else: crash).
import http from 'node:http';
import { freePort } from '../support/etcd';
import { campaignPodBody, PODS, type CampaignResult } from './campaign';
import { startComponent, waitUntil, type ComponentProcess } from './component-process';
import { startEtcdMembers } from './etcd-members';
import { CodeCounts, requestWithTimeout } from './http-timeout';

export interface QuorumOptions {
  clients: number;
  /** Phase 1: create load runs this long; the leader is killed killAfterMs into it. */
  loadMs: number;
  killAfterMs: number;
  /** Phase 2: how long creates are tried without quorum. */
  noQuorumMs: number;
  /** A request unanswered after this is abandoned and counted as 'timeout'. */
  clientTimeoutMs: number;
  /**
   * The apiserver's own deadline for an etcd call (10 s by default in src/storage/etcd). When the client
   * waits longer than this (plus a margin), a create without quorum that gets no answer at all is a hang: BUG.
   */
  serverDeadlineMs?: number;
  /** Phase 3: creates after recovery, per client. */
  createsAfterRecovery?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const podBody = (name: string) => campaignPodBody(name, 'quorum');

interface PodLike {
  metadata: { name: string; uid: string };
}

/** A single watch connection (no retry): what it delivered, and whether the server ended it. */
function rawWatch(url: string, rv: string) {
  const added = new Set<string>();
  let ended = false;
  let buf = '';
  const req = http.get(`${url}${PODS}?watch=true&resourceVersion=${rv}`, (res) => {
    res.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const e = JSON.parse(line) as { type: string; object: PodLike };
        if (e.type === 'ADDED') added.add(e.object.metadata.name);
      }
    });
    res.on('end', () => (ended = true));
    res.on('error', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  return { added, ended: () => ended, stop: () => req.destroy() };
}

export async function runQuorumCampaign(o: QuorumOptions): Promise<CampaignResult> {
  const etcd = await startEtcdMembers(3);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients + 8 });
  let server: ComponentProcess | undefined;
  let watch: ReturnType<typeof rawWatch> | undefined;
  const acked = new Map<string, string>(); // name → uid from its 201
  const landed = new Set<string>(); // answered 409 on a retry: an earlier try had landed
  const notes: string[] = [];
  const convergeMs: number[] = [];
  const codes = [new CodeCounts(), new CodeCounts(), new CodeCounts()];
  let cases = 0;
  const samples = new Map<string, string>(); // 'phase code' → the first body seen, for the report
  const sample = (phase: number, code: string, body: string) => {
    if (code.startsWith('5') && !samples.has(`${phase} ${code}`))
      samples.set(`${phase} ${code}`, body.slice(0, 160));
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startComponent([
      ...['apiserver', '--store', 'etcd', '--etcd-servers', etcd.endpoints.join(',')],
      ...['--insecure-port', String(port)],
    ]);
    await waitUntil('apiserver healthy', 60_000, async () => (await fetch(`${url}/healthz`)).ok);
    const post = (name: string) =>
      requestWithTimeout(agent, url, 'POST', PODS, podBody(name), o.clientTimeoutMs);

    /** Creates `name`, retrying the same name until 201/409 or `until`; false if it never settled. */
    const settle = async (name: string, phase: number, until: number, retried = false): Promise<boolean> => {
      let failedAt: number | undefined = retried ? Date.now() : undefined;
      while (Date.now() < until) {
        cases++;
        const r = await post(name);
        codes[phase]!.add(r.code);
        sample(phase, r.code, r.body);
        if (r.status === 201) {
          acked.set(name, (JSON.parse(r.body) as PodLike).metadata.uid);
        } else if (r.status === 409 && failedAt !== undefined) {
          landed.add(name);
        } else if (r.status !== undefined && r.status < 500) {
          notes.push(`BUG: POST ${name}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
          return true;
        } else {
          failedAt ??= Date.now();
          await sleep(100);
          continue;
        }
        if (failedAt !== undefined && !retried) convergeMs.push(Date.now() - failedAt);
        return true;
      }
      return false;
    };

    // Phase 1: load, and the leader SIGKILLed during it.
    const started = Date.now();
    let firstKilled = -1;
    const killer = sleep(o.killAfterMs).then(async () => {
      firstKilled = await etcd.leader();
      await etcd.kill(firstKilled);
    });
    const unsettled: string[] = [];
    await Promise.all([
      killer,
      ...Array.from({ length: o.clients }, async (_, c) => {
        for (let seq = 0; Date.now() < started + o.loadMs; seq++) {
          const name = `q1-c${c}-${seq}`;
          if (!(await settle(name, 0, started + o.loadMs + 30_000))) unsettled.push(name);
        }
      }),
    ]);
    for (const name of unsettled) notes.push(`BUG: create of ${name} never settled with one member down`);

    // Phase 2: a second member down — no quorum. A watch and the list it starts from come first.
    const list = await requestWithTimeout(agent, url, 'GET', `${PODS}?resourceVersion=0`, undefined, 10_000);
    const rv = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    watch = rawWatch(url, rv);
    const second = [0, 1, 2].find((i) => i !== firstKilled)!;
    await etcd.kill(second);
    const attempted: string[] = [];
    let cacheReads = 0;
    const noQuorumFrom = Date.now();
    const noQuorumUntil = noQuorumFrom + o.noQuorumMs;
    let slowest = 0;
    await Promise.all([
      ...Array.from({ length: Math.min(o.clients, 16) }, async (_, c) => {
        for (let seq = 0; Date.now() < noQuorumUntil; seq++) {
          const name = `q2-c${c}-${seq}`;
          attempted.push(name);
          cases++;
          const r = await post(name);
          codes[1]!.add(r.code);
          sample(1, r.code, r.body);
          slowest = Math.max(slowest, r.ms);
          if (r.status === 201) {
            acked.set(name, (JSON.parse(r.body) as PodLike).metadata.uid);
            notes.push(`BUG: ${name} acknowledged (201) with two of three etcd members down`);
          } else if (r.status !== undefined && r.status < 500)
            notes.push(`BUG: POST ${name} without quorum: HTTP ${r.status} ${r.body.slice(0, 200)}`);
          else if (r.status === undefined) {
            if (r.code === 'timeout' && o.serverDeadlineMs && o.clientTimeoutMs > o.serverDeadlineMs + 2000)
              notes.push(`BUG: POST ${name} without quorum got no answer in ${r.ms} ms`);
            await sleep(100);
          }
        }
      }),
      (async () => {
        while (Date.now() < noQuorumUntil) {
          cases++;
          const r = await requestWithTimeout(agent, url, 'GET', `${PODS}?resourceVersion=0`, undefined, 5000);
          codes[1]!.add(`read:${r.code}`);
          if (r.status !== 200) {
            notes.push(`BUG: list at resourceVersion=0 without quorum: ${r.code} ${r.body.slice(0, 200)}`);
          } else {
            const names = new Set(
              (JSON.parse(r.body) as { items: PodLike[] }).items.map((p) => p.metadata.name),
            );
            const missing = [...acked.keys()].filter((n) => n.startsWith('q1-') && !names.has(n));
            if (missing.length)
              notes.push(`BUG: cached list without quorum misses ${missing.length} acked pods`);
            cacheReads++;
          }
          await sleep(250);
        }
      })(),
    ]);
    if (watch.ended()) notes.push('BUG: the watch opened before quorum was lost was ended by the server');
    if (!server.alive()) notes.push(`BUG: apiserver died without quorum (${server.exit()})`);
    notes.push(
      `no quorum for ${Date.now() - noQuorumFrom} ms: creates ${codes[1]!.toString()}; slowest answer ${slowest} ms ` +
        `(client timeout ${o.clientTimeoutMs} ms); ${cacheReads} cached lists answered`,
    );

    // Phase 3: both members back; the time to the first 201 is the converge time.
    const recoverFrom = Date.now();
    await Promise.all([etcd.restart(firstKilled), etcd.restart(second)]);
    const until = Date.now() + 60_000;
    if (!(await settle('q3-probe', 2, until, true)))
      notes.push('BUG: creates never succeeded after recovery');
    else convergeMs.push(Date.now() - recoverFrom);
    for (const name of attempted)
      if (!acked.has(name) && !(await settle(name, 2, until, true)))
        notes.push(`BUG: retry of ${name} never settled after recovery`);
    const afterRecovery: string[] = [];
    await Promise.all(
      Array.from({ length: o.clients }, async (_, c) => {
        for (let seq = 0; seq < (o.createsAfterRecovery ?? 5); seq++) {
          const name = `q3-c${c}-${seq}`;
          afterRecovery.push(name);
          if (!(await settle(name, 2, until)))
            notes.push(`BUG: create of ${name} never settled after recovery`);
        }
      }),
    );
    const w = watch;
    await waitUntil('the old watch to see the new pods', 15_000, () =>
      afterRecovery.every((n) => !acked.has(n) || w.added.has(n)),
    ).catch(() => {
      const missed = afterRecovery.filter((n) => acked.has(n) && !w.added.has(n)).length;
      notes.push(`BUG: the watch opened before quorum was lost missed ${missed} creates after recovery`);
    });

    const result = await check(url, agent, acked, landed, notes);
    if (!server.alive()) notes.push(`BUG: apiserver died (${server.exit()})`);
    notes.push(`one member down: creates ${codes[0]!.toString()}`);
    notes.push(
      `after recovery: creates ${codes[2]!.toString()}; ${landed.size} failed creates had landed (409)`,
    );
    for (const [key, body] of samples)
      notes.push(`phase ${Number(key.split(' ')[0]) + 1}, first ${key.split(' ')[1]}: ${body}`);
    return {
      campaign: 'etcd-quorum',
      cases,
      faultsInjected: 2,
      acknowledgedWrites: acked.size,
      writesLost: result.lost,
      duplicates: result.duplicates,
      crashes: server.alive() ? 0 : 1,
      convergeMs,
      notes,
    };
  } finally {
    watch?.stop();
    agent.destroy();
    await server?.stop();
    await etcd.stop();
  }
}

async function check(
  url: string,
  agent: http.Agent,
  acked: Map<string, string>,
  landed: Set<string>,
  notes: string[],
): Promise<{ lost: number; duplicates: number }> {
  const r = await requestWithTimeout(agent, url, 'GET', PODS, undefined, 30_000);
  if (r.status !== 200) throw new Error(`final list: ${r.code} ${r.body.slice(0, 300)}`);
  const items = (JSON.parse(r.body) as { items: PodLike[] }).items;
  const byName = new Map<string, PodLike[]>();
  for (const p of items) byName.set(p.metadata.name, [...(byName.get(p.metadata.name) ?? []), p]);
  let lost = 0;
  let duplicates = 0;
  for (const [name, uid] of acked) {
    const found = byName.get(name)?.[0];
    if (!found) {
      lost++;
      notes.push(`BUG: acknowledged create of ${name} (uid ${uid}) lost`);
    } else if (found.metadata.uid !== uid) {
      duplicates++;
      notes.push(`BUG: ${name} acknowledged as uid ${uid} but stored as ${found.metadata.uid}`);
    }
  }
  for (const name of landed)
    if (!byName.has(name)) {
      lost++;
      notes.push(`BUG: ${name} answered 409 AlreadyExists but is not stored`);
    }
  for (const [name, found] of byName) {
    duplicates += found.length - 1;
    if (!acked.has(name) && !landed.has(name)) {
      duplicates++;
      notes.push(`BUG: ${name} stored but no client saw it created`);
    }
  }
  notes.push(`${items.length} pods stored at the end`);
  return { lost, duplicates };
}
