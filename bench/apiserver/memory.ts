// Memory at scale: a fresh apiserver process is filled with `pods` pods (bounded concurrency), listed once
// the way an informer starts, then `watchers` watches are opened from that list's revision and a few more
// pods are created so every watch has delivered something. The server's RSS is read from /proc afterwards.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, keepAliveAgent } from './http-load';
import { benchPod } from './pods';
import type { ServerProcess } from './server-process';

export interface MemoryOptions {
  server: ServerProcess;
  namespace: string;
  pods: number;
  watchers: number;
  clients: number;
}

export interface MemoryResult {
  idleMb: number;
  /** RSS with the pods stored and the watches open, after a short settle. */
  rssMb: number;
  peakMb: number;
  fillSeconds: number;
}

export async function measureMemory(o: MemoryOptions): Promise<MemoryResult> {
  const { url } = o.server;
  const podsPath = `/api/v1/namespaces/${o.namespace}/pods`;
  const agent = keepAliveAgent(o.clients);
  const watchAgent = new http.Agent({ keepAlive: false, maxSockets: o.watchers });
  const requests: http.ClientRequest[] = [];
  const idleMb = o.server.memory().rssMb;
  try {
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: o.clients }, async () => {
        while (next < o.pods) {
          const body = JSON.stringify(benchPod(`mem-${next++}`));
          await expectStatus(201, agent, url, 'POST', podsPath, body);
        }
      }),
    );
    const fillSeconds = (Date.now() - started) / 1000;
    // resourceVersion=0, as a client-go reflector's first list: served from the watch cache.
    const listPath = `${podsPath}?resourceVersion=0`;
    const list = JSON.parse((await expectStatus(200, agent, url, 'GET', listPath)).body) as {
      metadata: { resourceVersion: string };
      items: unknown[];
    };
    if (list.items.length < o.pods) throw new Error(`listed ${list.items.length} pods, want ${o.pods}`);

    let events = 0;
    const watchPath = `${podsPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}`;
    await Promise.all(
      Array.from(
        { length: o.watchers },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.get(`${url}${watchPath}`, { agent: watchAgent }, (res) => {
              if (res.statusCode !== 200) return reject(new Error(`watch: HTTP ${res.statusCode}`));
              res.on('data', (c: Buffer) => (events += c.filter((b) => b === 10).length));
              resolve();
            });
            req.on('error', () => undefined);
            requests.push(req);
          }),
      ),
    );
    for (let i = 0; i < 10; i++)
      await expectStatus(201, agent, url, 'POST', podsPath, JSON.stringify(benchPod(`mem-extra-${i}`)));
    const deadline = Date.now() + 10_000;
    while (events < 10 * o.watchers && Date.now() < deadline) await sleep(20);
    await sleep(1000);
    const { rssMb, peakMb } = o.server.memory();
    return { idleMb, rssMb, peakMb, fillSeconds };
  } finally {
    for (const r of requests) r.destroy();
    watchAgent.destroy();
    agent.destroy();
  }
}
