// The client pod of the proxy benchmark (run in its namespace by bench/proxy.ts). Reads one JSON request per
// line on stdin and answers one JSON line:
//   {op:'bulk', host, port, bytes, capMs} → bytes pushed through one connection (or as many as fit in capMs),
//     timed from connect until the sink reports what it received: {bytes, ms};
//   {op:'http', host, port, keepAlive, concurrency, ms} → GET / for ms from concurrency loops: {requests, errors, ms};
//   {op:'connect', targets, pairs, warmup, capMs} → TCP handshake times, one connection at a time, alternating
//     between the targets (A B, then B A, ...) so that both see the same background load; the first warmup
//     rounds are not kept, and rounds stop at pairs or after capMs: {ms: [[...A], [...B]]}.
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

interface Target {
  host: string;
  port: number;
}

type Request =
  | ({ op: 'bulk'; bytes: number; capMs: number } & Target)
  | ({ op: 'http'; keepAlive: boolean; concurrency: number; ms: number } & Target)
  | { op: 'connect'; targets: [Target, Target]; pairs: number; warmup: number; capMs: number };

const CHUNK = Buffer.alloc(1 << 20, 0x61);

function bulk(t: Target & { bytes: number; capMs: number }): Promise<{ bytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: t.host, port: t.port });
    let start = 0;
    let sent = 0;
    let reply = '';
    s.on('error', reject);
    s.on('data', (d) => (reply += String(d)));
    s.on('end', () => resolve({ bytes: Number(reply.trim()), ms: performance.now() - start }));
    const pump = () => {
      while (sent < t.bytes && performance.now() - start < t.capMs) {
        const n = Math.min(CHUNK.length, t.bytes - sent);
        sent += n;
        if (!s.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void s.once('drain', pump);
      }
      s.end();
    };
    s.once('connect', () => {
      start = performance.now();
      pump();
    });
  });
}

async function load(
  t: Target & { keepAlive: boolean; concurrency: number; ms: number },
): Promise<{ requests: number; errors: number; ms: number }> {
  const agent = new http.Agent({ keepAlive: t.keepAlive, maxSockets: t.concurrency });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get({ host: t.host, port: t.port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`))));
      });
      req.on('error', reject);
    });
  let requests = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + t.ms;
  await Promise.all(
    Array.from({ length: t.concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          await get();
          requests++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const ms = performance.now() - start;
  agent.destroy();
  return { requests, errors, ms };
}

function handshake(t: Target): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: t.host, port: t.port });
    s.once('connect', () => {
      const ms = performance.now() - started;
      s.destroy();
      resolve(ms);
    });
    s.once('error', reject);
  });
}

async function connects(r: { targets: [Target, Target]; pairs: number; warmup: number; capMs: number }) {
  const ms: [number[], number[]] = [[], []];
  const deadline = performance.now() + r.capMs;
  for (let i = 0; i < r.warmup + r.pairs && performance.now() < deadline; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const took = await handshake(r.targets[k]!);
      if (i >= r.warmup) ms[k]!.push(took);
    }
  }
  return { ms };
}

async function answer(line: string): Promise<unknown> {
  const req = JSON.parse(line) as Request;
  switch (req.op) {
    case 'bulk':
      return bulk(req);
    case 'http':
      return load(req);
    case 'connect':
      return connects(req);
    default:
      return { error: `unknown op ${JSON.stringify((req as { op: unknown }).op)}` };
  }
}

process.on('SIGTERM', () => process.exit(0));
const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  // One request at a time, answered in order.
  queue = queue.then(async () => {
    const out = await answer(line).catch((err: Error) => ({ error: err.message }));
    process.stdout.write(`${JSON.stringify(out)}\n`);
  });
});
lines.on('close', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
