// The node side of the proxy benchmark (run in the node namespace by bench/proxy.ts): the real proxier of
// the mode given as argument, built as `k8ts proxy` builds it (userspace: listeners with the service range made
// local and metrics counted; iptables: DNAT rules and the same local route), synced once with the
// benchmark's service and endpoints — no apiserver. Cleans up and exits on SIGTERM. Three modes are no proxier
// but references for the userspace one, each with one fixed endpoint: `node-pipe`, the least any forwarder
// written in Node does (net.Server, net.connect and stream.pipe), and `c-splice` / `c-rw`, a forwarder in C
// (bench/proxy/cfwd.ts) — the least kernel work any userspace forwarder does on this host.
import { spawn } from 'node:child_process';
import net from 'node:net';
import pino from 'pino';
import type { Endpoints, Service } from '../../src/api/types';
import { LocalServiceRoute, ProxyMetrics, type Proxier, UserspaceProxier, hostRunner } from '../../src/proxy';
import { createIptablesProxier } from '../../src/proxy/iptables';
import {
  CLUSTER_IP,
  HTTP_PORT,
  POD_CIDR,
  SERVER_IP,
  SERVICE_CIDR,
  SERVICE_HTTP_PORT,
  SINK_PORT,
} from './network';

const service: Service = {
  metadata: { name: 'bench', namespace: 'default' },
  spec: {
    clusterIP: CLUSTER_IP,
    ports: [
      { name: 'http', port: SERVICE_HTTP_PORT, targetPort: HTTP_PORT, protocol: 'TCP' },
      { name: 'sink', port: SINK_PORT, targetPort: SINK_PORT, protocol: 'TCP' },
    ],
  },
};
const endpoints: Endpoints = {
  metadata: { name: 'bench', namespace: 'default' },
  subsets: [
    {
      addresses: [{ ip: SERVER_IP }],
      ports: [
        { name: 'http', port: HTTP_PORT, protocol: 'TCP' },
        { name: 'sink', port: SINK_PORT, protocol: 'TCP' },
      ],
    },
  ],
};

/** The bare forwarder: clusterIP:port → the server pod, piped both ways, nothing else. */
function nodePipe(): Proxier {
  const route = new LocalServiceRoute(SERVICE_CIDR, hostRunner);
  const servers = service.spec!.ports!.map((p) =>
    // Half-open both ways, as the userspace proxier: the bulk client ends its side, then reads the sink's count.
    net.createServer({ allowHalfOpen: true }, (client) => {
      const upstream = net.connect({ port: Number(p.targetPort), host: SERVER_IP, allowHalfOpen: true });
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
    }),
  );
  return {
    async sync() {
      await route.ensure();
      await Promise.all(
        servers.map(
          (srv, i) =>
            new Promise<void>((resolve, reject) => {
              srv.once('error', reject);
              srv.listen(service.spec!.ports![i]!.port, CLUSTER_IP, () => resolve());
            }),
        ),
      );
    },
    async cleanup() {
      for (const srv of servers) srv.close();
      await route.remove();
    },
  };
}

/**
 * The C forwarder (bench/proxy/cfwd.ts) compiled at `binary`, run as this helper's child on the same ports; it
 * is stopped by its PID. The benchmark counts its CPU with this process's, as a tree.
 */
function cForwarder(variant: string, binary: string, bytes: string): Proxier {
  const route = new LocalServiceRoute(SERVICE_CIDR, hostRunner);
  const maps = service.spec!.ports!.map(
    (p) => `${CLUSTER_IP}:${p.port}=${SERVER_IP}:${String(p.targetPort)}`,
  );
  let pid: number | undefined;
  return {
    async sync() {
      await route.ensure();
      const child = spawn(binary, [variant, bytes, ...maps], { stdio: ['ignore', 'pipe', 'inherit'] });
      pid = child.pid;
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`cfwd exited (${code}) before it was ready`)));
        child.stdout.once('data', () => resolve());
      });
    },
    async cleanup() {
      if (pid) process.kill(pid, 'SIGTERM'); // its default action: no state to clean up
      await route.remove();
    },
  };
}

function proxierFor(mode: string, args: string[]): Proxier {
  if (mode === 'node-pipe') return nodePipe();
  if (mode === 'c-splice' || mode === 'c-rw') return cForwarder(mode.slice(2), args[0]!, args[1]!);
  // stderr: stdout carries the protocol with bench/proxy.ts.
  const log = pino({ level: 'warn', base: { component: 'proxy' } }, pino.destination(2));
  if (mode === 'iptables')
    return createIptablesProxier({ clusterCidr: POD_CIDR, serviceCidr: SERVICE_CIDR, nodeIps: [], log });
  if (mode === 'userspace')
    return new UserspaceProxier({
      log,
      metrics: new ProxyMetrics(),
      localRoute: new LocalServiceRoute(SERVICE_CIDR, hostRunner),
    });
  throw new Error(
    `mode must be userspace, iptables, node-pipe, c-splice or c-rw, not ${JSON.stringify(mode)}`,
  );
}

async function main(): Promise<void> {
  const proxier = proxierFor(process.argv[2] ?? '', process.argv.slice(3));
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    proxier.cleanup().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  await proxier.sync([service], [endpoints]);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
  process.exit(1);
});
