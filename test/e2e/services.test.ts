// Issue 7's acceptance on real Docker, once per proxy mode: `k8ts up --nodes 3` on a test bridge (k8tse7<m>0,
// nodes 10.247.<m>.0/24, pods 10.246.0.0/16, services 10.245.0.0/16, namespaces k8tse7<m>-<i>), then an RC of three
// busybox httpd pods spread over the nodes behind a NodePort service, and a client pod on node 1:
// - 60 requests to clusterIP:port reach all three pods (each ≥ 10), and the service's DNS name works too;
// - scaled to 1, after the endpoints update 20 requests all reach the survivor;
// - a pod on node 1 reaches a pod on another node by its IP and the server sees the client pod's own IP;
// - an unserved port on a cluster IP and a service without endpoints refuse at once (no hang);
// - a hostPort and the NodePort answer from the host through every node address;
// - the iptables run stores into etcd and also runs the seed's canary: 10 pods over the 3 nodes, both versions answer;
// - `down` leaves no namespace, link, route or rule with these names or ranges.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freePortRun } from '../support/etcd';
import {
  canRunCluster,
  canRunEtcd,
  leftovers,
  runningPod,
  startLocalCluster,
  until,
  type LocalCluster,
} from '../support/local-cluster';

// The iptables run keeps its state in etcd (a local member `up` starts) and also runs the seed's canary: issue 8's
// `k8ts up --nodes 3 --store etcd` acceptance.
const MODES = [
  { mode: 'userspace', m: 1, store: 'sqlite' },
  { mode: 'iptables', m: 2, store: 'etcd' },
] as const;
const CANARY = path.resolve(import.meta.dirname, '..', '..', 'examples', 'canary');

/** busybox httpd serving its hostname at / and the caller's address at /cgi-bin/ip. */
const SERVE = [
  'mkdir -p /www/cgi-bin',
  'hostname > /www/index.html',
  // CRLF after the CGI header: Node's HTTP parser refuses a bare LF there.
  `printf '%s\\n' '#!/bin/sh' "printf 'Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n'" 'echo $REMOTE_ADDR' > /www/cgi-bin/ip`,
  'chmod +x /www/cgi-bin/ip',
  'exec httpd -f -p 80 -h /www',
].join(' && ');

const container = (extra: object = {}) => ({
  name: 'web',
  image: 'busybox',
  imagePullPolicy: 'IfNotPresent',
  command: ['sh', '-c', SERVE],
  ports: [{ containerPort: 80, name: 'http' }],
  ...extra,
});

const manifests = (node1: string, node2: string) => [
  {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web' },
    spec: {
      replicas: 3,
      selector: { app: 'web' },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container()] } },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 'http' }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'empty' },
    spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client' },
    spec: {
      nodeName: node1,
      containers: [
        { name: 'c', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hostport' },
    spec: { nodeName: node2, containers: [container({ ports: [{ containerPort: 80, hostPort: 18080 }] })] },
  },
];

/** Hostnames printed by `n` fetches of `url` from the client pod, one per line; failed fetches print FAIL. */
async function fetchFromClient(cluster: LocalCluster, url: string, n: number): Promise<string[]> {
  const loop = `for i in $(seq ${n}); do timeout 5 wget -qO- ${url} || echo FAIL; done`;
  const out = await cluster.kubectl('exec', 'client', '--', 'sh', '-c', loop);
  return out.split('\n').filter(Boolean);
}

const count = (lines: string[]) =>
  lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());

/** httpd shows an IPv4 peer as `[::ffff:10.246.1.2]`. */
const peer = (remoteAddr: string) => remoteAddr.trim().replace(/^\[(::ffff:)?|\]$/g, '');

for (const { mode, m, store } of MODES) {
  const names = `k8tse7${m}`;
  const nodeNet = `10.247.${m}.`;
  const ranges = [nodeNet, '10.246.', '10.245.'];
  const nodeIps = [1, 2, 3].map((i) => `${nodeNet}${10 + i}`);
  const nodes = [1, 2, 3].map((i) => `${names}-node-${i}`);

  describe.skipIf(!canRunCluster || (store === 'etcd' && !canRunEtcd))(
    `services across 3 nodes, proxy mode ${mode}, ${store} store (root, Docker)`,
    () => {
      let cluster: LocalCluster;
      let clusterIp = '';
      let nodePort = '';
      const webPods = new Map<string, { ip: string; node: string }>();

      beforeAll(async () => {
        const ports = [
          await freePort(),
          await freePort(),
          await freePort(),
          await freePort(),
          await freePort(),
        ];
        cluster = await startLocalCluster(`${names}-`, [
          ...['--nodes', '3', '--proxy-mode', mode, '--node-name', `${names}-node`],
          ...['--port', String(ports[0]), '--proxy-healthz-port', String(ports[1])],
          ...['--dns-healthz-port', String(ports[2]), '--host-bridge', `${names}0`],
          ...['--node-cidr', `${nodeNet}0/24`, '--cluster-cidr', '10.246.0.0/16'],
          ...['--service-cidr', '10.245.0.0/16', '--netns-prefix', `${names}-`],
          ...['--scheduler-port', String(ports[3]), '--controller-manager-port', String(ports[4])],
          ...(store === 'etcd'
            ? ['--store', 'etcd', '--etcd-port', String(await freePortRun(2, ports))]
            : []),
        ]);
        console.log(
          `[${mode}, ${store}] 3 nodes Ready ${(cluster.upMs / 1000).toFixed(1)} s after \`up\` started`,
        );
        const file = path.join(cluster.home, 'e2e.json');
        // One JSON object per line: kubectl reads the stream as several documents.
        writeFileSync(
          file,
          manifests(nodes[0]!, nodes[1]!)
            .map((m) => JSON.stringify(m))
            .join('\n'),
        );
        await cluster.kubectl('create', '-f', file);
        clusterIp = await cluster.kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}');
        nodePort = await cluster.kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}');
        await runningPod(cluster, 'client');
        await until(
          '3 web pods Running and ready behind the service',
          async () => {
            const rows = await cluster.kubectl(
              'get',
              'pods',
              '-l',
              'app=web',
              '-o',
              'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.status.podIP} {.spec.nodeName}{"\\n"}{end}',
            );
            const running = rows.split('\n').filter((r) => r.split(' ')[1] === 'Running');
            const addresses = await cluster.kubectl(
              'get',
              'endpoints',
              'web',
              '-o',
              'jsonpath={.subsets[*].addresses[*].ip}',
            );
            if (running.length !== 3 || addresses.split(' ').filter(Boolean).length !== 3) return undefined;
            for (const r of running) {
              const [name, , ip, node] = r.split(' ');
              webPods.set(name!, { ip: ip!, node: node! });
            }
            return true;
          },
          120_000,
        );
      }, 300_000);

      afterAll(async () => {
        await cluster?.down();
      }, 150_000);

      it('spreads the RC over the three nodes', () => {
        expect(new Set([...webPods.values()].map((p) => p.node))).toEqual(new Set(nodes));
      });

      it('balances 60 requests to clusterIP:port over all three pods, at least 10 each', async () => {
        const seen = count(await fetchFromClient(cluster, `http://${clusterIp}:8080/`, 60));
        expect(seen.get('FAIL')).toBeUndefined();
        expect(new Set(seen.keys())).toEqual(new Set(webPods.keys()));
        for (const [pod, n] of seen) expect(n, `requests reaching ${pod}`).toBeGreaterThanOrEqual(10);
      }, 120_000);

      it('reaches the service by its DNS names', async () => {
        for (const name of ['web', 'web.default', 'web.default.svc.cluster.local']) {
          const lines = await fetchFromClient(cluster, `http://${name}:8080/`, 3);
          for (const l of lines) expect([...webPods.keys()], `via ${name}`).toContain(l);
        }
      }, 90_000);

      it('reaches a pod on another node directly, and the server sees the client pod’s own IP', async () => {
        const [clientIp] = await runningPod(cluster, 'client');
        const remote = [...webPods.values()].find((p) => p.node === nodes[2])!;
        const [seen] = await fetchFromClient(cluster, `http://${remote.ip}/cgi-bin/ip`, 1);
        expect(peer(seen!)).toBe(clientIp);
      }, 60_000);

      it('refuses an unserved port on a cluster IP and a service without endpoints at once', async () => {
        const emptyIp = await cluster.kubectl('get', 'service', 'empty', '-o', 'jsonpath={.spec.clusterIP}');
        for (const url of [`http://${clusterIp}:8081/`, `http://${emptyIp}/`]) {
          // wget gives up by itself (exit 1) when refused or reset; a hang is ended by `timeout` (not 1).
          // Checked inside the pod, so the time kubectl exec takes on a busy machine does not count.
          const out = await cluster.kubectl(
            'exec',
            'client',
            '--',
            'sh',
            '-c',
            `timeout 5 wget -qO- ${url}; echo "exit $?"`,
          );
          expect(out.trim(), url).toBe('exit 1');
        }
      }, 60_000);

      it('answers a hostPort and the NodePort from the host through the node addresses', async () => {
        await runningPod(cluster, 'hostport');
        const [hpName] = (
          await cluster.kubectl('get', 'pod', 'hostport', '-o', 'jsonpath={.metadata.name}')
        ).split(' ');
        const viaHostPort = await until(
          'the hostPort to answer',
          async () =>
            (
              await (await fetch(`http://${nodeIps[1]}:18080/`, { signal: AbortSignal.timeout(3000) })).text()
            ).trim(),
          20_000,
        );
        expect(viaHostPort).toBe(hpName);
        for (const ip of nodeIps) {
          const res = await fetch(`http://${ip}:${nodePort}/`, { signal: AbortSignal.timeout(3000) });
          expect([...webPods.keys()], `NodePort via ${ip}`).toContain((await res.text()).trim());
        }
      }, 60_000);

      it('after scaling to 1, sends all 20 requests to the survivor', async () => {
        await cluster.kubectl('scale', 'rc', 'web', '--replicas=1');
        const survivorIp = await until(
          'the endpoints to shrink to one address',
          async () => {
            const ips = (
              await cluster.kubectl('get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}')
            )
              .split(' ')
              .filter(Boolean);
            return ips.length === 1 ? ips[0] : undefined;
          },
          60_000,
        );
        const survivor = [...webPods].find(([, p]) => p.ip === survivorIp)![0];
        // The proxies follow the endpoints within their debounce; on a busy machine, a little later.
        let seen: Record<string, number> = {};
        await until(
          'all 20 requests to reach the survivor',
          async () => {
            seen = Object.fromEntries(count(await fetchFromClient(cluster, `http://${clusterIp}:8080/`, 20)));
            return seen[survivor] === 20 ? seen : undefined;
          },
          30_000,
        ).catch(() => {});
        expect(seen).toEqual({ [survivor]: 20 });
      }, 120_000);

      it.runIf(store === 'etcd')(
        'runs the seed’s canary over the three nodes: 100 requests through the service reach both versions',
        async () => {
          await cluster.kubectl('apply', '-f', CANARY);
          const pods = await until(
            '10 canary example pods Running behind the frontend service',
            async () => {
              const rows = (
                await cluster.kubectl(
                  'get',
                  'pods',
                  '-l',
                  'tier in (frontend), stack in (prod)',
                  '-o',
                  'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{"\\n"}{end}',
                )
              )
                .split('\n')
                .map((r) => r.split(' '))
                .filter((r) => r[1] === 'Running');
              const addresses = await cluster.kubectl(
                'get',
                'endpoints',
                'frontend',
                '-o',
                'jsonpath={.subsets[*].addresses[*].ip}',
              );
              return rows.length === 10 && addresses.split(' ').filter(Boolean).length === 10
                ? rows
                : undefined;
            },
            120_000,
          );
          expect(new Set(pods.map((r) => r[2]))).toEqual(new Set(nodes));
          expect(pods.filter((r) => r[0]!.startsWith('frontend-canary-'))).toHaveLength(1);
          // The client's proxy takes its 10 endpoints in turn: once it has them all, 10 requests reach the canary.
          await until(
            "the client's proxy to have the canary's endpoint",
            async () => {
              const lines = await fetchFromClient(cluster, 'http://frontend/', 10);
              return lines.some((l) => l.startsWith('frontend-canary-')) ? lines : undefined;
            },
            30_000,
          );
          const seen = await fetchFromClient(cluster, 'http://frontend/', 100);
          expect(seen.filter((l) => l === 'FAIL')).toEqual([]);
          const canary = seen.filter((l) => l.startsWith('frontend-canary-')).length;
          console.log(`[${mode}, ${store}] canary answered ${canary} of 100 requests (1 pod of 10)`);
          expect(canary).toBeGreaterThan(0);
          expect(canary).toBeLessThan(100);
        },
        180_000,
      );

      it('`down` leaves no namespace, link, route or rule of this cluster', async () => {
        await cluster.k8ts(['down'], 120_000);
        expect(await leftovers([names], ranges)).toEqual([]);
      }, 150_000);
    },
  );
}
