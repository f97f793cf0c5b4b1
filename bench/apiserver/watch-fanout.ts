// Watch fan-out: many concurrent HTTP watches on one namespace's pods, then a paced series of pod creates.
// Each pod carries its send time in an annotation; every watcher notes when each ADDED event reaches it, so
// the delay is "client sent the create" → "this watcher has the event" (create latency included: an upper
// bound on the server's fan-out delay). An event a watcher never gets is lost; one it gets twice, a duplicate.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, keepAliveAgent, nowMs, percentile } from './http-load';
import { benchPod, SENT_AT } from './pods';

export interface FanoutOptions {
  url: string;
  namespace: string;
  watchers: number;
  pods: number;
  podsPerSecond: number;
}

export interface FanoutResult {
  /** Time to open every watch (response headers received). */
  openMs: number;
  p50: number;
  p99: number;
  max: number;
  /** Events expected (watchers × pods) and not delivered. */
  lost: number;
  duplicates: number;
  /** Watches the server ended before we did (e.g. dropped as slow). */
  ended: number;
}

const MARKER = Buffer.from(`"${SENT_AT}":"`);
const ADDED = Buffer.from('{"type":"ADDED"');
const OPEN_BATCH = 100; // below the server's listen backlog (511), so no SYN is dropped and retried

interface Watcher {
  req: http.ClientRequest;
  count: number;
  seen: Set<number>;
  ended: boolean;
}

/** Splits a watch stream into lines and hands each ADDED event's send time and receipt time to onEvent. */
function follow(res: http.IncomingMessage, w: Watcher, onEvent: (sentAt: number, at: number) => void): void {
  let rest = Buffer.alloc(0);
  res.on('data', (chunk: Buffer) => {
    const at = nowMs();
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
      const line = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (line.subarray(0, ADDED.length).equals(ADDED)) {
        const m = line.indexOf(MARKER);
        if (m >= 0) {
          const start = m + MARKER.length;
          onEvent(Number(line.subarray(start, line.indexOf(34, start)).toString()), at);
        }
      }
    }
    rest = Buffer.from(buf);
  });
  res.on('end', () => (w.ended = true));
  res.on('error', () => (w.ended = true));
}

function openWatch(
  agent: http.Agent,
  url: string,
  path: string,
  onEvent: (w: Watcher, sentAt: number, at: number) => void,
): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${path}`, { agent, headers: { Accept: 'application/json' } });
    const w: Watcher = { req, count: 0, seen: new Set(), ended: false };
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
      follow(res, w, (sentAt, at) => onEvent(w, sentAt, at));
      resolve(w);
    });
    req.on('error', (e) => (w.ended ? undefined : reject(e)));
  });
}

export async function measureFanout(o: FanoutOptions): Promise<FanoutResult> {
  const podsPath = `/api/v1/namespaces/${o.namespace}/pods`;
  const writer = keepAliveAgent(8);
  const watchAgent = new http.Agent({ keepAlive: false, maxSockets: o.watchers });
  const list = JSON.parse((await expectStatus(200, writer, o.url, 'GET', podsPath)).body) as {
    metadata: { resourceVersion: string };
  };
  const delays = new Float64Array(o.watchers * o.pods);
  let delivered = 0;
  let duplicates = 0;
  const onEvent = (w: Watcher, sentAt: number, at: number) => {
    if (w.seen.has(sentAt)) return void duplicates++;
    w.seen.add(sentAt);
    w.count++;
    delays[delivered++] = at - sentAt;
  };
  const watchers: Watcher[] = [];
  try {
    const opened = nowMs();
    const watchPath = `${podsPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}`;
    for (let i = 0; i < o.watchers; i += OPEN_BATCH) {
      const batch = Math.min(OPEN_BATCH, o.watchers - i);
      watchers.push(
        ...(await Promise.all(
          Array.from({ length: batch }, () => openWatch(watchAgent, o.url, watchPath, onEvent)),
        )),
      );
    }
    const openMs = nowMs() - opened;

    // Paced creates: pod i is sent at start + i/rate, whether or not earlier creates have been answered.
    const start = nowMs();
    const creates: Promise<unknown>[] = [];
    for (let i = 0; i < o.pods; i++) {
      const due = start + (i * 1000) / o.podsPerSecond - nowMs();
      if (due > 0) await sleep(due);
      const body = JSON.stringify(benchPod(`fan-${i}`, { [SENT_AT]: nowMs().toFixed(3) }));
      creates.push(expectStatus(201, writer, o.url, 'POST', podsPath, body));
    }
    await Promise.all(creates);
    const deadline = nowMs() + 20_000;
    while (delivered < o.watchers * o.pods && nowMs() < deadline && !watchers.every((w) => w.ended))
      await sleep(20);

    const got = delays.subarray(0, delivered);
    return {
      openMs,
      p50: percentile(got, 50),
      p99: percentile(got, 99),
      max: got.reduce((a, b) => Math.max(a, b), 0),
      lost: watchers.reduce((sum, w) => sum + Math.max(0, o.pods - w.count), 0),
      duplicates,
      ended: watchers.filter((w) => w.ended).length,
    };
  } finally {
    for (const w of watchers) {
      w.ended = true;
      w.req.destroy();
    }
    watchAgent.destroy();
    writer.destroy();
  }
}
