// Run inside a throwaway network namespace by proxy.netns.test.ts (`ip netns exec … node --import tsx`):
// the whole userspace proxy (runProxy) against a FakeClient, with the service range made local for real, after
// an iptables-mode proxier left its rules behind in the namespace (which the userspace mode must clear).
// Prints one JSON line of what a client saw; touches nothing outside its namespace.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import type { Endpoints, KubeObject, Service } from '../api/types';
import { FakeClient } from '../client';
import { createIptablesProxier } from '../proxy/iptables';
import { componentLogger } from '../util';
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

/** Lines of iptables-save that belong to the default (KUBE) chains or their jumps. */
const kubeRules = () =>
  execFileSync('iptables-save', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /KUBE-(SERVICES|POSTROUTING|SVC-|SEP-)/.test(l)).length;

async function main(): Promise<void> {
  const backend = net.createServer((s) => s.end('backend\n'));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const backendPort = (backend.address() as net.AddressInfo).port;
  const service: Service = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.97.0.10', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
  };
  const endpoints: Endpoints = {
    metadata: { name: 'web', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: backendPort }] }],
  };
  // A previous iptables-mode proxy on this "node", stopped without cleaning up.
  const stale = createIptablesProxier({
    clusterCidr: '10.244.0.0/16',
    serviceCidr: RANGE,
    nodeIps: [],
    log: componentLogger('proxy'),
  });
  await stale.sync([service], [endpoints]);
  const staleRules = kubeRules();
  const client = new FakeClient({
    objects: [
      ['services', service as KubeObject],
      ['endpoints', endpoints as KubeObject],
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
      syncPeriodMs: 30_000,
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
  const rulesWhileRunning = kubeRules();
  abort.abort();
  await running;
  const routeAfterStop = routed();
  backend.close();
  process.stdout.write(
    `${JSON.stringify({ staleRules, rulesWhileRunning, reached, unserved, routeWhileRunning, routeAfterStop })}\n`,
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
  process.exit(1);
});
