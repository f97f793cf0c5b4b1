// `k8ts up --nodes 3` for real: three network namespaces on a test host bridge (k8tsmn0, node network
// 10.251.0.0/24, pods 10.250.<i>.0/24, services 10.249.0.0/16, namespaces k8tsmn-<i> — never k8ts0/10.240/10.244),
// state in a temp $K8TS_HOME. Checks: all nodes Ready; a pod on node 1 fetches a pod on node 3 by its pod IP
// and the server sees the client pod's own IP (routed, no NAT); the host reaches both pods; the pod resolves
// services through cluster DNS (kube-dns at 10.249.0.10, the server on 10.251.0.1:53) by full and short name, in
// the proxy mode of $K8TS_TEST_PROXY_MODE (default userspace); the nodes share one dockerd, each kubelet
// labelling its containers and leaving the rest alone; `down` leaves no namespace, link, route, iptables rule
// or process. Root only; afterAll runs `down` even after a failure.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/etcd';
import {
  alive,
  canRunCluster as canRun,
  exec,
  recordedPids as recordedPidsOf,
  startLocalCluster,
  until,
  type LocalCluster,
} from '../support/local-cluster';

const NAMES = 'k8tsmn';
const RANGES = ['10.251.', '10.250.', '10.249.'];
const NODES = ['k8tsmn-node-1', 'k8tsmn-node-2', 'k8tsmn-node-3'];
const PROXY_MODE = process.env.K8TS_TEST_PROXY_MODE ?? 'userspace';

let cluster: LocalCluster;
let home = '';
let kubeconfig = '';
const env = () => cluster.env;
const k8ts = (args: string[], timeout = 60_000) => cluster.k8ts(args, timeout);
const kubectl = (...args: string[]) => cluster.kubectl(...args);
const recordedPids = () => recordedPidsOf(home);

/** A busybox pod pinned to a node, serving /cgi-bin/ip: the address the request came from. */
function pinnedPod(name: string, node: string): string {
  const script = [
    'mkdir -p /www/cgi-bin',
    // CRLF after the CGI header: Node's HTTP parser refuses a bare LF there.
    `printf '%s\\n' '#!/bin/sh' "printf 'Content-Type: text/plain\\\\r\\\\n\\\\r\\\\n'" 'echo $REMOTE_ADDR' > /www/cgi-bin/ip`,
    'chmod +x /www/cgi-bin/ip',
    'exec httpd -f -p 80 -h /www',
  ].join(' && ');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: {
      nodeName: node,
      containers: [
        { name: 'web', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] },
      ],
    },
  });
}

/** httpd listens on IPv6 and shows an IPv4 peer as `[::ffff:10.250.1.2]`. (busybox's wget -T crashes here,
 * so kubectl's timeout bounds the fetch instead.) */
const peer = (remoteAddr: string) => remoteAddr.trim().replace(/^\[(::ffff:)?|\]$/g, '');

async function podIp(name: string): Promise<string> {
  return until(
    `pod ${name} Running with an IP`,
    async () => {
      const [phase, ip] = (
        await kubectl('get', 'pod', name, '-o', 'jsonpath={.status.phase} {.status.podIP}')
      ).split(' ');
      return phase === 'Running' && ip ? ip : undefined;
    },
    40_000,
  );
}

describe.skipIf(!canRun)('k8ts up --nodes 3 (needs root, dockerd, busybox-static, kubectl, iptables)', () => {
  let upMs = 0;
  let upOut = '';
  let pidsWhileUp: number[] = [];
  let docker: Docker;
  let strangerId = '';

  beforeAll(async () => {
    const ports: number[] = [];
    for (let i = 0; i < 5; i++) ports.push(await freePort());
    const [port, healthz, dnsHealthz, schedulerPort, cmPort] = ports;
    cluster = await startLocalCluster('k8tsmn-', [
      ...['--nodes', '3', '--port', String(port), '--node-name', 'k8tsmn-node'],
      ...['--host-bridge', 'k8tsmn0', '--node-cidr', '10.251.0.0/24', '--cluster-cidr', '10.250.0.0/16'],
      ...['--service-cidr', '10.249.0.0/16', '--netns-prefix', 'k8tsmn-'],
      ...['--proxy-healthz-port', String(healthz), '--dns-healthz-port', String(dnsHealthz)],
      ...['--proxy-mode', PROXY_MODE, '--scheduler-port', String(schedulerPort)],
      ...['--controller-manager-port', String(cmPort)],
    ]);
    ({ home, kubeconfig, upMs, upOutput: upOut } = cluster);
    docker = new Docker({ socketPath: path.join(home, 'docker', 'docker.sock') });
    // A managed container without a node label on the shared dockerd: no kubelet may touch it.
    const stranger = await docker.createContainer({
      Image: 'busybox',
      Cmd: ['sleep', '3600'],
      Labels: { 'io.k8ts.managed': 'true', 'io.kubernetes.pod.uid': 'k8tsmn-stranger' },
      HostConfig: { NetworkMode: 'none' },
    });
    await stranger.start();
    strangerId = stranger.id;
    console.log(
      `k8ts up --nodes 3 (${PROXY_MODE}): all nodes Ready ${(upMs / 1000).toFixed(1)} s after the command started`,
    );
  }, 200_000);

  afterAll(async () => {
    await cluster?.down();
  }, 130_000);

  it('comes up with 3 nodes Ready, each at its address on the node network, and prints the kubeconfig', async () => {
    expect(upOut).toContain('3 nodes');
    expect(kubeconfig).toBe(path.join(home, 'kubeconfig'));
    const rows = await kubectl(
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.status.addresses[0].address} {.spec.podCIDR}{"\\n"}{end}',
    );
    expect(rows.split('\n').sort()).toEqual([
      'k8tsmn-node-1 True 10.251.0.11 10.250.1.0/24',
      'k8tsmn-node-2 True 10.251.0.12 10.250.2.0/24',
      'k8tsmn-node-3 True 10.251.0.13 10.250.3.0/24',
    ]);
  });

  it('serves the API over HTTPS on the host bridge address; node 1’s credentials cannot write node 2 (403)', async () => {
    const server = await kubectl(
      'config',
      'view',
      '--minify',
      '-o',
      'jsonpath={.clusters[0].cluster.server}',
    );
    expect(server).toMatch(/^https:\/\/10\.251\.0\.1:\d+$/);
    const node1 = path.join(home, 'kubeconfigs', `node-${NODES[0]}.kubeconfig`);
    const asNode1 = (...args: string[]) =>
      exec('/usr/bin/kubectl', ['--kubeconfig', node1, ...args], { env: env(), timeout: 20_000 });
    expect((await asNode1('get', 'node', NODES[1]!, '-o', 'name')).stdout.trim()).toBe(`node/${NODES[1]}`);
    await expect(asNode1('label', 'node', NODES[1]!, 'k8ts-test=overreach')).rejects.toThrow(
      /Forbidden|forbidden/,
    );
    expect(await kubectl('get', 'node', NODES[1]!, '-o', 'jsonpath={.metadata.labels.k8ts-test}')).toBe('');
  });

  it('routes a pod on node 1 to a pod on node 3 without NAT, and the host reaches both pods', async () => {
    const manifests = path.join(home, 'pods.json');
    writeFileSync(manifests, `${pinnedPod('client', NODES[0]!)}\n${pinnedPod('server', NODES[2]!)}\n`);
    await kubectl('create', '-f', manifests);
    const [client, server] = [await podIp('client'), await podIp('server')];
    expect(client).toMatch(/^10\.250\.1\.\d+$/);
    expect(server).toMatch(/^10\.250\.3\.\d+$/);
    const seen = await until(
      'the node-1 pod to fetch from the node-3 pod',
      async () =>
        (await kubectl('exec', 'client', '--', 'wget', '-qO-', `http://${server}/cgi-bin/ip`)) || undefined,
      20_000,
    );
    expect(peer(seen)).toBe(client);
    for (const ip of [client, server]) {
      const res = await fetch(`http://${ip}/cgi-bin/ip`, { signal: AbortSignal.timeout(3000) });
      expect(peer(await res.text())).toBe('10.251.0.1'); // the host's own address on the node network
    }
  }, 90_000);

  it('serves a service on node 1 through that node’s proxy to the pod on node 3', async () => {
    const service = path.join(home, 'service.json');
    writeFileSync(
      service,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'server' },
        spec: { selector: { app: 'server' }, ports: [{ port: 8080, targetPort: 80 }] },
      }),
    );
    await kubectl('create', '-f', service);
    const clusterIp = await kubectl('get', 'service', 'server', '-o', 'jsonpath={.spec.clusterIP}');
    expect(clusterIp).toMatch(/^10\.249\.\d+\.\d+$/);
    const seen = await until(
      'the node-1 pod to fetch through the service',
      async () =>
        (await kubectl('exec', 'client', '--', 'wget', '-qO-', `http://${clusterIp}:8080/cgi-bin/ip`)) ||
        undefined,
      30_000,
    );
    // Whatever the proxy mode, the answer comes from the cluster's own addresses.
    expect(peer(seen)).toMatch(/^10\.25[01]\.\d+\.\d+$/);
  }, 60_000);

  it('resolves services through cluster DNS from a pod on node 1, by full and by short name', async () => {
    const clusterIp = await kubectl('get', 'service', 'server', '-o', 'jsonpath={.spec.clusterIP}');
    const answer = await until(
      'the pod to resolve the service’s full name',
      async () =>
        (await kubectl('exec', 'client', '--', 'nslookup', 'server.default.svc.cluster.local')) || undefined,
      20_000,
    );
    expect(answer).toContain('10.249.0.10'); // the nameserver asked: the kube-dns service
    expect(answer).toMatch(new RegExp(`Address:\\s*${clusterIp.replace(/\./g, '\\.')}$`, 'm'));
    // A short name through the pod's search domains, fetched through the proxy.
    const seen = await kubectl(
      'exec',
      'client',
      '--',
      'timeout',
      '5',
      'wget',
      '-qO-',
      'http://server:8080/cgi-bin/ip',
    );
    expect(peer(seen)).toMatch(/^10\.25[01]\.\d+\.\d+$/);
    // The endpoints controller left the selector-less service's Endpoints as up wrote them.
    const dnsEndpoints = await kubectl(
      'get',
      'endpoints',
      '-n',
      'kube-system',
      'kube-dns',
      '-o',
      'jsonpath={.subsets[0].addresses[0].ip}',
    );
    expect(dnsEndpoints).toBe('10.251.0.1');
  }, 60_000);

  it('runs every node’s pods on one dockerd, each container labelled with its node, and leaves others alone', async () => {
    const ours = await docker.listContainers({ filters: { label: ['io.k8ts.managed=true'] } });
    const nodeOf = (pod: string) =>
      new Set(
        ours.filter((c) => c.Labels['io.kubernetes.pod.name'] === pod).map((c) => c.Labels['io.k8ts.node']),
      );
    expect(nodeOf('client')).toEqual(new Set([NODES[0]]));
    expect(nodeOf('server')).toEqual(new Set([NODES[2]]));
    // The unlabelled container made after `up` outlived every kubelet's sync and housekeeping since.
    const stranger = await docker.getContainer(strangerId).inspect();
    expect(stranger.State.Running).toBe(true);
    await docker.getContainer(strangerId).remove({ force: true });
  });

  it('lists the dockerd, every node’s kubelet and proxy, and cluster DNS in `k8ts status`', async () => {
    const { stdout } = await k8ts(['status']);
    for (const name of [
      'proxy-1',
      'proxy-2',
      'proxy-3',
      'dockerd',
      'apiserver',
      'controller-manager',
      'scheduler',
      'dns',
      'kubelet-1',
      'kubelet-3',
    ])
      expect(stdout).toMatch(new RegExp(`^${name}\\s+\\d+\\s+running$`, 'm'));
    expect(stdout).not.toMatch(/not running/);
    pidsWhileUp = recordedPids();
    expect(pidsWhileUp.length).toBeGreaterThanOrEqual(9);
  });

  it('`up` restarts a dead node kubelet inside its namespace, and refuses to change the shape of a running cluster', async () => {
    const pidFile = path.join(home, 'run', 'kubelet-2.pid');
    const dead = Number(readFileSync(pidFile, 'utf8'));
    process.kill(dead, 'SIGKILL'); // a process this test's cluster started, by its recorded PID
    await until('the kubelet gone', async () => (alive(dead) ? undefined : true), 5_000);
    const { stdout } = await k8ts(['up', '--skip-install'], 90_000);
    expect(stdout).toContain('The cluster is up');
    const restarted = Number(readFileSync(pidFile, 'utf8'));
    expect(restarted).not.toBe(dead);
    // The new kubelet lives in node 2's namespace.
    const { stdout: inNs } = await exec('ip', ['netns', 'pids', 'k8tsmn-2']);
    expect(inNs.split('\n')).toContain(String(restarted));
    await expect(k8ts(['up', '--skip-install', '--nodes', '2'])).rejects.toThrow(/run `k8ts down` first/);
    pidsWhileUp = recordedPids();
  }, 100_000);

  it('`down` leaves no namespace, link, route, iptables rule or process of ours', async () => {
    await k8ts(['down'], 90_000);
    expect(pidsWhileUp.filter(alive)).toEqual([]);
    expect((await exec('ip', ['netns', 'list'])).stdout).not.toContain(NAMES);
    expect((await exec('ip', ['-o', 'link', 'show'])).stdout).not.toContain(NAMES);
    const routes = (await exec('ip', ['route', 'show', 'table', 'all'])).stdout;
    const rules = (await exec('iptables-save', [])).stdout;
    for (const range of RANGES) {
      expect(routes).not.toContain(range);
      expect(rules).not.toContain(range);
    }
    expect(rules).not.toContain(NAMES);
    expect((await k8ts(['down'])).stdout).toBe('Nothing was running.\n');
  }, 100_000);
});
