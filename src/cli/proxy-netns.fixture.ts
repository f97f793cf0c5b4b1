// Run inside a throwaway network namespace by proxy.netns.test.ts (`ip netns exec … node --import tsx`):
// the whole userspace proxy (runProxy) against a FakeClient, with the service range made local for real.
// Prints one JSON line of what a client saw; touches nothing outside its namespace.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import type { KubeObject } from '../api/types';
import { FakeClient } from '../client';
import { runProxy } from './proxy';

const RANGE = '10.97.0.0/16';

function firstLine(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000, () => s.destroy(new Error('timeout')));
    s.once('data', (d) => {
      resolve(String(d).trim());
      s.destroy();
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const routed = () =>
  execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' }).includes(RANGE);

async function main(): Promise<void> {
  const backend = net.createServer((s) => s.end('backend\n'));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const backendPort = (backend.address() as net.AddressInfo).port;
  const client = new FakeClient({
    objects: [
      [
        'services',
        {
          metadata: { name: 'web', namespace: 'default' },
          spec: { clusterIP: '10.97.0.10', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
        } as KubeObject,
      ],
      [
        'endpoints',
        {
          metadata: { name: 'web', namespace: 'default' },
          subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: backendPort }] }],
        } as KubeObject,
      ],
    ],
  });
  const abort = new AbortController();
  const running = runProxy(
    {
      mode: 'userspace',
      nodeName: 'n1',
      serviceCidr: RANGE,
      clusterCidr: '10.244.0.0/16',
      nodePortAddresses: [],
      healthz: { host: '127.0.0.1', port: 0 },
    },
    client,
    abort.signal,
  );
  let reached = '';
  for (let i = 0; i < 50 && reached !== 'backend'; i++) {
    reached = await firstLine('10.97.0.10', 80);
    if (reached !== 'backend') await new Promise((r) => setTimeout(r, 100));
  }
  const unserved = await firstLine('10.97.0.99', 81);
  const routeWhileRunning = routed();
  abort.abort();
  await running;
  const routeAfterStop = routed();
  backend.close();
  process.stdout.write(`${JSON.stringify({ reached, unserved, routeWhileRunning, routeAfterStop })}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
  process.exit(1);
});
