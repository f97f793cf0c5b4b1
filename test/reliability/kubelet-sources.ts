// Campaign "kubelet sources": a `k8ts kubelet --fake-runtime` process with all four manifest sources — a
// --manifest-path directory, a --manifest-url served by a local HTTP server, --etcd-servers and its own
// POST /pods — and an apiserver process for its mirror pods and events. Each source first gives one good
// pod; then for `garbageMs` every source is fed malformed manifests (garbage-manifests.ts): broken files
// rewritten each round, a URL answering garbage, 500s and bodies slower than the kubelet's timeout, garbage
// values in /registry/hosts/<node>/kubelet, garbage POSTed. The kubelet must keep running, report every
// source's errors in its log, answer each bad POST with a 4xx (never a 5xx or a hang), and leave the four
// good pods running: same mirror pods, Running, never restarted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Etcd3 } from 'etcd3';
import { freePort, startEtcd, type EtcdProcess } from '../support/etcd';
import type { CampaignResult } from './campaign';
import { startComponent, waitUntil, type ComponentProcess } from './component-process';
import { fixedGarbage, parsesAsManifest, randomGarbage, type Garbage } from './garbage-manifests';
import type { KnownBug } from './fuzz-api';
import { CodeCounts, requestWithTimeout } from './http-timeout';

export interface KubeletSourcesOptions {
  garbageMs: number;
  /** Random JSON values added to the fixed garbage set. */
  randomCases: number;
  seed?: number;
  /** Failures already reported (known-bugs.ts): counted as KNOWN, not BUG. */
  known?: KnownBug[];
  /** The kubelet's resident memory may not pass this during the garbage phase (default 1024 MB). */
  maxRssMb?: number;
}

/** A process's resident set in MB, 0 once it is gone. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

const NODE = 'reliability-node';
const GOOD = ['good-file', 'good-url', 'good-etcd', 'good-http'] as const;
const manifest = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: busybox\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PodLike {
  metadata: { name: string; uid: string };
  status?: {
    phase?: string;
    containerStatuses?: { restartCount: number; state?: { running?: { startedAt?: string } } }[];
  };
}

/** The URL source's server: the good manifest first, then garbage, 500s and slow bodies in turn. */
function manifestServer(garbage: Garbage[]) {
  let served = 0;
  let goodOnly = true;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    served++;
    if (goodOnly) return res.end(manifest('good-url'));
    const turn = served % 4;
    if (turn === 0) {
      res.writeHead(500);
      return res.end('internal trouble');
    }
    if (turn === 1) {
      // Slower than the kubelet's 10 s request timeout: a byte every 500 ms for 12 s.
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.write(manifest('slow').slice(0, 20));
      let n = 0;
      const t = setInterval(
        () => (++n > 24 || res.destroyed ? (clearInterval(t), res.end()) : res.write(' ')),
        500,
      );
      res.on('close', () => clearInterval(t));
      return;
    }
    res.end(garbage[served % garbage.length]!.body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/manifests`),
        ),
      ),
    startGarbage: () => (goodOnly = false),
    served: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function runKubeletSourcesCampaign(o: KubeletSourcesOptions): Promise<CampaignResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-reliability-kubelet-'));
  const manifests = path.join(dir, 'manifests');
  const garbage = [...fixedGarbage(), ...randomGarbage(o.randomCases, o.seed ?? 10)];
  // What the file, URL and etcd sources serve: a valid empty manifest there would rightly stop the good pods.
  const sourceGarbage = garbage.filter((g) => !parsesAsManifest(g));
  const urlServer = manifestServer(sourceGarbage);
  const agent = new http.Agent({ keepAlive: true });
  // A fresh connection per POST: after a 413 the kubelet drops the rest of a huge body with the connection,
  // and a reused socket would blame the next garbage for it.
  const once = new http.Agent({ keepAlive: false });
  const notes: string[] = [];
  let etcd: EtcdProcess | undefined;
  let etcdClient: Etcd3 | undefined;
  let apiserver: ComponentProcess | undefined;
  let kubelet: ComponentProcess | undefined;
  try {
    mkdirSync(manifests);
    writeFileSync(path.join(manifests, 'good.yaml'), manifest('good-file'));
    etcd = await startEtcd({ name: 'k8ts-reliability-kubelet' });
    etcdClient = new Etcd3({ hosts: etcd.endpoints });
    const key = `/registry/hosts/${NODE}/kubelet`;
    await etcdClient.put(key).value(manifest('good-etcd'));
    const manifestUrl = await urlServer.listen();
    const apiPort = await freePort();
    const api = `http://127.0.0.1:${apiPort}`;
    apiserver = startComponent([
      'apiserver',
      '--data-dir',
      path.join(dir, 'api'),
      '--insecure-port',
      String(apiPort),
    ]);
    await waitUntil('apiserver healthy', 60_000, async () => (await fetch(`${api}/healthz`)).ok);
    const kubeletPort = await freePort();
    const kubeletUrl = `http://127.0.0.1:${kubeletPort}`;
    kubelet = startComponent([
      ...['kubelet', '--fake-runtime', '--hostname-override', NODE, '--api-servers', api],
      ...['--manifest-path', manifests, '--file-check-frequency', '1s'],
      ...['--manifest-url', manifestUrl, '--http-check-frequency', '1s'],
      ...['--etcd-servers', etcd.endpoints.join(','), '--port', String(kubeletPort)],
      ...['--node-ip', '127.0.0.1', '--root-dir', path.join(dir, 'kubelet'), '--sync-frequency', '1s'],
    ]);
    const k = kubelet;
    await waitUntil('kubelet healthy', 60_000, async () => {
      if (!k.alive()) throw new Error(`kubelet exited (${k.exit()}):\n${k.output().slice(-2000)}`);
      return (await fetch(`${kubeletUrl}/healthz`)).ok;
    });
    const posted = await requestWithTimeout(
      agent,
      kubeletUrl,
      'POST',
      '/pods',
      manifest('good-http'),
      10_000,
    );
    if (posted.status !== 201) throw new Error(`POST good pod: ${posted.code} ${posted.body}`);

    const goodPods = async () => {
      const r = await requestWithTimeout(
        agent,
        api,
        'GET',
        '/api/v1/namespaces/default/pods',
        undefined,
        10_000,
      );
      const items = (JSON.parse(r.body) as { items: PodLike[] }).items;
      return new Map(GOOD.map((g) => [g, items.find((p) => p.metadata.name === `${g}-${NODE}`)]));
    };
    const running = (p?: PodLike) => p?.status?.phase === 'Running';
    await waitUntil('the four good pods Running', 60_000, async () =>
      [...(await goodPods()).values()].every(running),
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${JSON.stringify([...(await goodPods())].map(([g, p]) => [g, p?.status?.phase]))}\n${k.output().slice(-3000)}`,
      );
    });
    const before = await goodPods();
    const logBefore = k.output().length;

    // The garbage phase, the kubelet's memory sampled every second: it once grew without bound here.
    const rss = { start: rssMb(k.pid), peak: 0 };
    const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, rssMb(k.pid))), 1000);
    urlServer.startGarbage();
    const postCodes = new CodeCounts();
    let rounds = 0;
    let posts = 0;
    const until = Date.now() + o.garbageMs;
    while (Date.now() < until) {
      const batch = sourceGarbage
        .slice((rounds * 6) % sourceGarbage.length)
        .concat(sourceGarbage)
        .slice(0, 6);
      batch.forEach((g, i) =>
        writeFileSync(path.join(manifests, `bad-${i}.${i % 2 ? 'json' : 'yaml'}`), g.body),
      );
      // etcd itself refuses values over its request limit (1.5 MiB): those never reach the kubelet.
      await etcdClient
        .put(key)
        .value(batch[0]!.body)
        .catch(() => undefined);
      for (const g of garbage) {
        if (Date.now() > until) break; // a kubelet that slows down must not stretch the campaign
        posts++;
        const r = await requestWithTimeout(
          once,
          kubeletUrl,
          'POST',
          '/pods',
          g.body.toString('latin1'),
          10_000,
        );
        postCodes.add(r.code);
        if (r.status === undefined || r.status >= 500)
          notes.push(`BUG: POST /pods with ${g.name}: ${r.code} ${r.body.slice(0, 160)}`);
        else if (r.status < 300 && !g.name.startsWith('random'))
          notes.push(`BUG: POST /pods accepted ${g.name}: ${r.code}`);
      }
      rounds++;
      await sleep(500);
    }
    // Two more file and URL checks on the last garbage, then the verdict.
    await sleep(2500);
    clearInterval(sampler);
    const maxRss = o.maxRssMb ?? 1024;
    notes.push(
      `kubelet RSS ${rss.start} MB before the garbage, peak ${rss.peak} MB, ${rssMb(k.pid)} MB after ${Math.round(o.garbageMs / 1000)} s`,
    );
    if (rss.peak > maxRss) notes.push(`BUG: the kubelet's RSS reached ${rss.peak} MB (limit ${maxRss} MB)`);
    if (!k.alive()) notes.push(`BUG: kubelet died (${k.exit()})`);
    const after = await goodPods();
    for (const g of GOOD) {
      const [b, a] = [before.get(g), after.get(g)];
      const bs = b?.status?.containerStatuses?.[0];
      const as = a?.status?.containerStatuses?.[0];
      if (!a || !running(a)) notes.push(`BUG: ${g} is no longer running (${a?.status?.phase ?? 'gone'})`);
      else if (a.metadata.uid !== b?.metadata.uid) notes.push(`BUG: ${g}'s mirror pod was replaced`);
      else if (
        (as?.restartCount ?? 0) !== (bs?.restartCount ?? 0) ||
        as?.state?.running?.startedAt !== bs?.state?.running?.startedAt
      )
        notes.push(`BUG: ${g}'s container was restarted`);
    }
    // Every source reported its errors in the log (pino JSON lines: error level 50 with source and origin).
    const errorLines = k
      .output()
      .slice(logBefore)
      .split('\n')
      .filter((l) => l.includes('"level":50'));
    const bySource = new CodeCounts();
    for (const l of errorLines) bySource.add((/"source":"([^"]+)"/.exec(l) ?? [])[1] ?? 'other');
    for (const [source, flag] of [
      ['file', 'file'],
      ['http', 'url'],
      ['etcd', 'etcd'],
      ['server', 'POST /pods'],
    ] as const)
      if (bySource.get(source) === 0)
        notes.push(`BUG: no error logged for the ${flag} source (${bySource.toString()})`);
    const events = await requestWithTimeout(
      agent,
      api,
      'GET',
      '/api/v1/namespaces/default/events',
      undefined,
      10_000,
    );
    const failed = (
      (JSON.parse(events.body) as { items?: { reason: string; count?: number }[] }).items ?? []
    ).filter((e) => e.reason === 'FailedValidation');
    notes.push(
      `${rounds} rounds, ${garbage.length} garbage kinds; POST /pods ${postCodes.toString()}; URL served ${urlServer.served()} times`,
    );
    notes.push(
      `kubelet error lines by source: ${bySource.toString()}; ${failed.length} FailedValidation events (count ${failed.reduce((n, e) => n + (e.count ?? 1), 0)})`,
    );
    const known = notes.filter((n) => n.startsWith('BUG') && o.known?.some((b) => b.pattern.test(n)));
    for (const n of known) notes[notes.indexOf(n)] = `KNOWN${n.slice(3)}`;
    return {
      campaign: 'kubelet-sources',
      // Every malformed input fed: POSTs, six files and one etcd value a round, each URL answer.
      cases: posts + rounds * 7 + urlServer.served(),
      faultsInjected: 0,
      acknowledgedWrites: 0,
      writesLost: 0,
      duplicates: 0,
      // 5xx answers count here, known ones included (as the fuzz row counts its KNOWN 500s).
      crashes: (k.alive() ? 0 : 1) + postCodes.total((c) => c.startsWith('5')),
      convergeMs: [],
      notes,
    };
  } finally {
    agent.destroy();
    once.destroy();
    await kubelet?.stop();
    await apiserver?.stop();
    etcdClient?.close();
    await etcd?.stop();
    await urlServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
