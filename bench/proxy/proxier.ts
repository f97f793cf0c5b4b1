// The node side of the proxy benchmark (run in the node namespace by bench/proxy.ts): the real proxier of
// the mode given as argument, built as `k8ts proxy` builds it (userspace: listeners with the service range made
// local and metrics counted; iptables: DNAT rules and the same local route), synced once with the
// benchmark's service and endpoints — no apiserver. Answers `{"op":"cpu"}` lines with the CPU time it has used
// so far ({userMs, systemMs}), so the benchmark can tell what forwarding costs apart from how busy the host is.
// Cleans up and exits on SIGTERM. Mode `node-pipe` is no proxier but the reference for the userspace one: the
// least any forwarder written in Node does (net.Server, net.connect and stream.pipe, one fixed endpoint), so
// the userspace proxier's figures can be read against what Node itself allows on this host.
import net from 'node:net';
import { createInterface } from 'node:readline';
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

function proxierFor(mode: string): Proxier {
  if (mode === 'node-pipe') return nodePipe();
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
  throw new Error(`mode must be userspace, iptables or node-pipe, not ${JSON.stringify(mode)}`);
}

async function main(): Promise<void> {
  const proxier = proxierFor(process.argv[2] ?? '');
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
  createInterface({ input: process.stdin }).on('line', (line) => {
    const op = (JSON.parse(line) as { op?: string }).op;
    const { user, system } = process.cpuUsage();
    const answer =
      op === 'cpu' ? { userMs: user / 1000, systemMs: system / 1000 } : { error: `unknown op ${op}` };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`);
  process.exit(1);
});
