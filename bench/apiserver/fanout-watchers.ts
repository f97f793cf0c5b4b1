// The watching side of the fan-out benchmark, run in a worker thread of its own: 1,000 watch streams make a
// busy event loop, and if they shared one with the writers, a create would be sent late and its delay
// blamed on the server. Opens the watches, notes when each ADDED event reaches each watcher, and once told
// the creates are done waits (at most 20 s) for every event, then reports the delays.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { nowMs } from './http-load';
import { SENT_AT } from './pods';

export interface WatchersInput {
  url: string;
  path: string;
  watchers: number;
  pods: number;
}

export type WatchersMessage =
  | { type: 'open'; openMs: number }
  | { type: 'result'; delays: Float64Array; lost: number; duplicates: number; ended: number };

const MARKER = Buffer.from(`"${SENT_AT}":"`);
const ADDED = Buffer.from('{"type":"ADDED"');
const EMPTY = Buffer.alloc(0);
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
    rest = buf.length ? Buffer.from(buf) : EMPTY; // copied: the chunk's memory is not ours to keep
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

async function main(input: WatchersInput, port: NonNullable<typeof parentPort>): Promise<void> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: input.watchers });
  const delays = new Float64Array(input.watchers * input.pods);
  let delivered = 0;
  let duplicates = 0;
  const onEvent = (w: Watcher, sentAt: number, at: number) => {
    if (w.seen.has(sentAt)) return void duplicates++;
    w.seen.add(sentAt);
    w.count++;
    delays[delivered++] = at - sentAt;
  };
  const watchers: Watcher[] = [];
  const done = new Promise<void>((r) => port.once('message', () => r()));
  try {
    const opened = nowMs();
    for (let i = 0; i < input.watchers; i += OPEN_BATCH) {
      const batch = Math.min(OPEN_BATCH, input.watchers - i);
      watchers.push(
        ...(await Promise.all(
          Array.from({ length: batch }, () => openWatch(agent, input.url, input.path, onEvent)),
        )),
      );
    }
    port.postMessage({ type: 'open', openMs: nowMs() - opened } satisfies WatchersMessage);
    await done;
    const deadline = nowMs() + 20_000;
    while (delivered < input.watchers * input.pods && nowMs() < deadline && !watchers.every((w) => w.ended))
      await sleep(20);
    const got = delays.slice(0, delivered);
    const result: WatchersMessage = {
      type: 'result',
      delays: got,
      lost: watchers.reduce((sum, w) => sum + Math.max(0, input.pods - w.count), 0),
      duplicates,
      ended: watchers.filter((w) => w.ended).length,
    };
    port.postMessage(result, [got.buffer]);
  } finally {
    for (const w of watchers) {
      w.ended = true;
      w.req.destroy();
    }
    agent.destroy();
  }
}

if (parentPort && workerData) void main(workerData as WatchersInput, parentPort);
