// Campaign "kill the apiserver": `clients` concurrent clients create pods with names only they use; after
// killAfterMs the apiserver is SIGKILLed and restarted on the same store. A create that fails in transit is
// retried with the same name until it gets 201 (the first try never landed) or 409 AlreadyExists (it did).
// Afterwards every pod that got a 201 must be listed with the uid that 201 carried (else: lost), and no
// pod may exist that no client asked for or that was created twice (else: duplicate).
import { keepAliveAgent, request, type Reply } from '../../bench/apiserver/http-load';
import { startApiServerUnderFault, type StoreKind } from './apiserver-under-fault';
import { campaignPodBody, PODS, type CampaignResult } from './campaign';

export interface KillOptions {
  store: StoreKind;
  clients: number;
  /** New creates start until this long after the load began; retries go on until they settle. */
  loadMs: number;
  killAfterMs: number;
  /** A create still unsettled this long after the load began counts as lost. */
  settleByMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const podBody = (name: string) => campaignPodBody(name, 'kill');

interface Tally {
  acked: Map<string, string>; // name → uid from the 201
  landedBeforeError: Set<string>; // retried after a transport error and answered 409: the first try landed
  convergeMs: number[];
  notes: string[];
  fiveHundreds: number;
  names: number;
}

export async function runKillCampaign(o: KillOptions): Promise<CampaignResult> {
  const server = await startApiServerUnderFault(o.store);
  const agent = keepAliveAgent(o.clients);
  const t: Tally = {
    acked: new Map(),
    landedBeforeError: new Set(),
    convergeMs: [],
    notes: [],
    fiveHundreds: 0,
    names: 0,
  };
  try {
    const started = Date.now();
    const settleBy = started + (o.settleByMs ?? 90_000);
    const create = async (name: string) => {
      let failedAt: number | undefined;
      while (Date.now() < settleBy) {
        let reply: Reply;
        try {
          reply = await request(agent, server.url, 'POST', PODS, podBody(name));
        } catch {
          failedAt ??= Date.now();
          await sleep(50);
          continue;
        }
        if (reply.status >= 500) {
          t.fiveHundreds++;
          t.notes.push(`BUG: POST ${name}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
          failedAt ??= Date.now();
          await sleep(50);
          continue;
        }
        if (failedAt !== undefined) t.convergeMs.push(Date.now() - failedAt);
        if (reply.status === 201) t.acked.set(name, (JSON.parse(reply.body) as PodLike).metadata.uid);
        else if (reply.status === 409 && failedAt !== undefined) t.landedBeforeError.add(name);
        else t.notes.push(`BUG: first POST of ${name}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
        return;
      }
      t.notes.push(`BUG: create of ${name} never settled`);
    };
    const killer = sleep(o.killAfterMs).then(async () => {
      await server.kill();
      await server.restart();
    });
    await Promise.all([
      killer,
      ...Array.from({ length: o.clients }, async (_, c) => {
        for (let seq = 0; Date.now() < started + o.loadMs; seq++) {
          t.names++;
          await create(`c${c}-${seq}`);
        }
      }),
    ]);
    return await check(server.url, agent, t, o, server.alive());
  } finally {
    agent.destroy();
    await server.stop();
  }
}

interface PodLike {
  metadata: { name: string; uid: string };
}

async function check(
  url: string,
  agent: ReturnType<typeof keepAliveAgent>,
  t: Tally,
  o: KillOptions,
  alive: boolean,
): Promise<CampaignResult> {
  const reply = await request(agent, url, 'GET', PODS);
  if (reply.status !== 200) throw new Error(`list pods after restart: HTTP ${reply.status} ${reply.body}`);
  const items = (JSON.parse(reply.body) as { items: PodLike[] }).items;
  const byName = new Map<string, PodLike[]>();
  for (const p of items) byName.set(p.metadata.name, [...(byName.get(p.metadata.name) ?? []), p]);
  let lost = 0;
  let duplicates = 0;
  for (const [name, uid] of t.acked) {
    const found = byName.get(name) ?? [];
    if (found.length === 0) {
      lost++;
      t.notes.push(`BUG: acknowledged create of ${name} (uid ${uid}) lost`);
    } else if (found[0]!.metadata.uid !== uid) {
      duplicates++;
      t.notes.push(`BUG: ${name} acknowledged as uid ${uid} but stored as ${found[0]!.metadata.uid}`);
    }
  }
  for (const name of t.landedBeforeError)
    if (!byName.has(name)) {
      lost++;
      t.notes.push(`BUG: ${name} answered 409 AlreadyExists on retry but is not stored`);
    }
  for (const [name, found] of byName) {
    if (found.length > 1) duplicates += found.length - 1;
    if (!t.acked.has(name) && !t.landedBeforeError.has(name)) {
      duplicates++;
      t.notes.push(`BUG: ${name} stored but no client saw it created`);
    }
  }
  t.notes.push(
    `${o.clients} clients, ${items.length} pods stored; ${t.landedBeforeError.size} creates cut off by the ` +
      `kill had landed (409 on retry)`,
  );
  return {
    campaign: `kill-apiserver/${o.store}`,
    cases: t.names,
    faultsInjected: 1,
    acknowledgedWrites: t.acked.size,
    writesLost: lost,
    duplicates,
    crashes: t.fiveHundreds + (alive ? 0 : 1),
    convergeMs: t.convergeMs,
    notes: t.notes,
  };
}
