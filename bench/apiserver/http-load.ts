// The benchmark's HTTP client side: bare node:http requests over keep-alive agents (the cheapest client, so
// the measurement is the server's), closed-loop client pools bounded by a deadline, and latency percentiles.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Reply {
  status: number;
  body: string;
}

/** One connection per concurrent client, kept open between requests. */
export const keepAliveAgent = (maxSockets: number) =>
  new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

export function request(
  agent: http.Agent,
  url: string,
  method: string,
  path: string,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request(`${url}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Like request, but anything other than `expected` is an error naming the call and the server's answer. */
export async function expectStatus(expected: number, ...args: Parameters<typeof request>): Promise<Reply> {
  const reply = await request(...args);
  if (reply.status !== expected)
    throw new Error(
      `${args[2]} ${args[3]}: HTTP ${reply.status}, want ${expected}: ${reply.body.slice(0, 300)}`,
    );
  return reply;
}

/** Milliseconds since the epoch with sub-ms precision: comparable across this process's clients. */
export const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Runs `clients` loops calling op back to back until ms have passed; returns the ops completed and the
 * time taken (the last ops finish after the deadline). `seq` numbers every op across calls.
 */
export async function closedLoop(
  clients: number,
  ms: number,
  op: (client: number, seq: number) => Promise<void>,
  seq: { next: number },
): Promise<{ ops: number; ms: number }> {
  const start = performance.now();
  const deadline = start + ms;
  let ops = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < deadline) {
        await op(c, seq.next++);
        ops++;
      }
    }),
  );
  return { ops, ms: performance.now() - start };
}

/** Calls op and records how long it took. */
export async function timed(samples: number[], op: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await op();
  samples.push(performance.now() - t);
}

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
