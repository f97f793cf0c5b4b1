// The iptables proxier on a real kernel, root only: a throwaway "node" network namespace with a bridge and
// two "pod" namespaces on veths, small TCP servers in the pods, and the proxier's rules applied inside the node
// namespace through `ip netns exec`. Nothing touches the host's own links or rules; every namespace (and with
// it every rule and link) is deleted at the end, and servers are stopped by PID.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../../api/types';
import type { Proxier } from '../proxier';
import { createIptablesProxier } from './index';
import { netnsRunner } from '../../util/command-runner';
import { makeEndpoints, makeService } from './test-fixtures';

const run = promisify(execFile);
const canRun =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  ['/usr/sbin/iptables-restore', '/usr/sbin/ip'].every(
    (p) => existsSync(p) || existsSync(p.replace('/sbin', '/bin')),
  );

const id = randomBytes(3).toString('hex');
const NODE = `k8tsipt-${id}-node`;
const PODS = {
  pa: { ns: `k8tsipt-${id}-pa`, ip: '10.252.1.2' },
  pb: { ns: `k8tsipt-${id}-pb`, ip: '10.252.1.3' },
};
const GATEWAY = '10.252.1.1';
const NODE_IP = '10.252.0.1';
const CLUSTER_IP = '10.252.200.10';
const EMPTY_IP = '10.252.200.11';
const DNS_IP = '10.252.200.12';
const hasConntrack = ['/usr/sbin/conntrack', '/usr/bin/conntrack'].some((p) => existsSync(p));
const NODE_PORT = 30080;

const sh = (...args: string[]) => run(args[0]!, args.slice(1));
const inNode = (...args: string[]) => sh('ip', 'netns', 'exec', NODE, ...args);

/**
 * Replies `<name> <client address>` and closes, so a client learns which pod answered and whom it saw; on UDP
 * port 5353 answers each datagram with `<name>`.
 */
const serverScript = (name: string) =>
  `const u = require('dgram').createSocket('udp4');` +
  `u.on('message', (m, r) => u.send('${name}', r.port, r.address)).bind(5353);` +
  `require('net').createServer((s) => s.end('${name} ' + s.remoteAddress.replace('::ffff:', '') + '\\n'))` +
  `.listen(8080, '0.0.0.0', () => console.log('ready'))`;

/** Sends one datagram from a fixed source port (so a second run is the same flow) and prints the answer. */
const UDP_CLIENT_SCRIPT = `
const [host, port, from] = JSON.parse(process.argv[1]);
const s = require('dgram').createSocket('udp4');
const t = setTimeout(() => { console.log('timeout'); s.close(); }, 2000);
s.on('message', (m) => { clearTimeout(t); console.log(String(m)); s.close(); });
s.bind(from, () => s.send('who', port, host));`;

async function udpFrom(ns: string, host: string, port: number, from: number): Promise<string> {
  const args = [process.execPath, '-e', UDP_CLIENT_SCRIPT, JSON.stringify([host, port, from])];
  return (await sh('ip', 'netns', 'exec', ns, ...args)).stdout.trim();
}

/** Connects to each target in turn (3 s limit each, stopping at the first hang), prints the outcomes as JSON. */
const CLIENT_SCRIPT = `
const net = require('net');
const connect = ([host, port]) => new Promise((resolve) => {
  const start = Date.now(); let data = '';
  const s = net.connect({ host, port });
  const done = (r) => { s.destroy(); resolve({ ...r, ms: Date.now() - start }); };
  s.setTimeout(3000, () => done({ error: 'ETIMEDOUT' }));
  s.on('data', (d) => (data += d));
  s.on('end', () => done({ reply: data.trim() }));
  s.on('error', (e) => done({ error: e.code }));
});
(async () => {
  const out = [];
  for (const t of JSON.parse(process.argv[1])) {
    out.push(await connect(t));
    if (out.at(-1).error === 'ETIMEDOUT') break; // one hang is enough to fail; keep the run short
  }
  console.log(JSON.stringify(out));
})();`;

interface Outcome {
  reply?: string;
  error?: string;
  ms: number;
}

async function connectFrom(ns: string, targets: Array<[string, number]>): Promise<Outcome[]> {
  const { stdout } = await sh(
    'ip',
    'netns',
    'exec',
    ns,
    process.execPath,
    '-e',
    CLIENT_SCRIPT,
    JSON.stringify(targets),
  );
  return JSON.parse(stdout) as Outcome[];
}

const times = (n: number, target: [string, number]) => Array.from({ length: n }, () => target);

function startServer(ns: string, name: string): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', serverScript(name)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`server in ${ns} exited with ${code}`)));
  });
}

async function setUpNetwork(): Promise<void> {
  await sh('ip', 'netns', 'add', NODE);
  await inNode('ip', 'link', 'set', 'lo', 'up');
  await inNode('ip', 'link', 'add', 'br0', 'type', 'bridge');
  await inNode('ip', 'addr', 'add', `${GATEWAY}/24`, 'dev', 'br0');
  await inNode('ip', 'link', 'set', 'br0', 'up');
  // A node's uplink: a veth whose peer stays in the node namespace (and has no address), so nothing can leave
  // it. No default route, as in a multi-node cluster: only the proxier's local route for the service range
  // lets the node answer (refuse) an unserved cluster IP instead of "network unreachable".
  await inNode('ip', 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up1');
  await inNode('ip', 'link', 'set', 'up1', 'up');
  await inNode('ip', 'addr', 'add', `${NODE_IP}/24`, 'dev', 'up0');
  await inNode('ip', 'link', 'set', 'up0', 'up');
  // Off, as on a fresh machine, so the tests show the proxier turning them on.
  await inNode('sysctl', '-w', 'net.ipv4.ip_forward=0', 'net.bridge.bridge-nf-call-iptables=0');
  for (const [name, pod] of Object.entries(PODS)) {
    const veth = `v${name}`;
    await sh('ip', 'netns', 'add', pod.ns);
    await inNode('ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod.ns);
    await inNode('ip', 'link', 'set', veth, 'master', 'br0', 'up');
    // A pod reaching itself through a service is bridged back out of the port it came in on.
    await inNode('ip', 'link', 'set', veth, 'type', 'bridge_slave', 'hairpin', 'on');
    const inPod = (...args: string[]) => sh('ip', 'netns', 'exec', pod.ns, ...args);
    await inPod('ip', 'link', 'set', 'lo', 'up');
    await inPod('ip', 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0');
    await inPod('ip', 'link', 'set', 'eth0', 'up');
    await inPod('ip', 'route', 'add', 'default', 'via', GATEWAY);
  }
}

const http = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
const services: Service[] = [
  makeService('web', { clusterIP: CLUSTER_IP, type: 'NodePort', ports: [{ ...http, nodePort: NODE_PORT }] }),
  makeService('empty', { clusterIP: EMPTY_IP, ports: [http] }),
  makeService('dns', {
    clusterIP: DNS_IP,
    ports: [{ name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' }],
  }),
];
const webEndpoints = (...ips: string[]): Endpoints => makeEndpoints('web', { http: { port: 8080, ips } });
const dnsEndpoints = (...ips: string[]): Endpoints =>
  makeEndpoints('dns', { dns: { port: 5353, ips, protocol: 'UDP' } });

describe.skipIf(!canRun)('iptables proxier in network namespaces (root)', () => {
  const servers: ChildProcess[] = [];
  let proxier: Proxier;

  beforeAll(async () => {
    await setUpNetwork();
    servers.push(await startServer(PODS.pa.ns, 'pa'), await startServer(PODS.pb.ns, 'pb'));
    proxier = createIptablesProxier({
      clusterCidr: '10.252.1.0/24',
      serviceCidr: '10.252.200.0/24',
      nodeIps: [NODE_IP],
      log: pino({ level: 'silent' }),
      chainPrefix: 'KTST',
      runner: netnsRunner(NODE),
    });
    await proxier.sync(services, [webEndpoints(PODS.pa.ip, PODS.pb.ip)]);
  });

  afterAll(async () => {
    for (const s of servers) if (s.pid && s.exitCode === null) process.kill(s.pid, 'SIGKILL');
    for (const ns of [PODS.pa.ns, PODS.pb.ns, NODE]) await sh('ip', 'netns', 'del', ns).catch(() => {});
  });

  it('balances a cluster IP over both pods in turn, hairpin included, and keeps the client pod’s address', async () => {
    const outcomes = await connectFrom(PODS.pa.ns, times(40, [CLUSTER_IP, 80]));
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    const replies = new Map<string, number>();
    for (const o of outcomes) replies.set(o.reply!, (replies.get(o.reply!) ?? 0) + 1);
    // The pod reaching itself is masqueraded to the gateway, so its reply returns through the node.
    expect(Object.fromEntries(replies)).toEqual({ [`pa ${GATEWAY}`]: 20, [`pb ${PODS.pa.ip}`]: 20 });
  });

  it('turns on forwarding and bridge-nf-call-iptables in the node namespace', async () => {
    const { stdout } = await inNode(
      'cat',
      '/proc/sys/net/ipv4/ip_forward',
      '/proc/sys/net/bridge/bridge-nf-call-iptables',
    );
    expect(stdout.split('\n').filter(Boolean)).toEqual(['1', '1']);
  });

  it('serves the node port on the node address and the cluster IP from the node itself', async () => {
    const fromPod = await connectFrom(PODS.pb.ns, times(6, [NODE_IP, NODE_PORT]));
    expect(fromPod.every((o) => /^p[ab] /.test(o.reply ?? ''))).toBe(true);
    const fromNode = await connectFrom(NODE, times(6, [CLUSTER_IP, 80]));
    expect(fromNode.every((o) => /^p[ab] /.test(o.reply ?? ''))).toBe(true);
  });

  it('refuses at once an unserved port, a service without endpoints and an unused cluster IP', async () => {
    const unserved: Array<[string, number]> = [
      [CLUSTER_IP, 81],
      [EMPTY_IP, 80],
      ['10.252.200.99', 80],
    ];
    for (const ns of [PODS.pa.ns, NODE]) {
      const outcomes = await connectFrom(ns, unserved);
      expect(outcomes.map((o) => o.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
      for (const o of outcomes) expect(o.ms).toBeLessThan(1000);
    }
  });

  it('makes the service range local on the node, which has no default route', async () => {
    expect((await inNode('ip', 'route', 'show', 'table', 'local')).stdout).toContain(
      'local 10.252.200.0/24 dev lo',
    );
    expect((await inNode('ip', 'route', 'show', 'default')).stdout.trim()).toBe('');
  });

  it('a resync puts back the jumps and the route someone else deleted', async () => {
    await inNode('iptables', '-w', '-t', 'nat', '-F', 'PREROUTING');
    await inNode('ip', 'route', 'del', 'local', '10.252.200.0/24', 'dev', 'lo', 'table', 'local');
    const broken = await connectFrom(PODS.pa.ns, [[CLUSTER_IP, 81]]);
    expect(broken[0]!.error).not.toBe('ECONNREFUSED');
    await proxier.sync(services, [webEndpoints(PODS.pa.ip, PODS.pb.ip)], { resync: true });
    const outcomes = await connectFrom(PODS.pa.ns, [
      [CLUSTER_IP, 80],
      [CLUSTER_IP, 81],
    ]);
    expect(outcomes[0]!.reply).toMatch(/^p[ab] /);
    expect(outcomes[1]!.error).toBe('ECONNREFUSED');
  });

  it('sends new connections only to the endpoints left after an update', async () => {
    await proxier.sync(services, [webEndpoints(PODS.pb.ip)]);
    const outcomes = await connectFrom(PODS.pa.ns, times(20, [CLUSTER_IP, 80]));
    expect(outcomes.map((o) => o.reply)).toEqual(Array(20).fill(`pb ${PODS.pa.ip}`));
    const { stdout } = await inNode('iptables-save', '-t', 'nat');
    expect(stdout.match(/^:KTST-SEP-/gm)).toHaveLength(1);
  });

  it.skipIf(!hasConntrack)(
    'moves a UDP flow off an endpoint that was removed (stale conntrack entry deleted)',
    async () => {
      const both = [webEndpoints(PODS.pb.ip), dnsEndpoints(PODS.pa.ip, PODS.pb.ip)];
      await proxier.sync(services, both);
      const first = await udpFrom(NODE, DNS_IP, 53, 40053);
      expect(['pa', 'pb']).toContain(first);
      // The same flow keeps its endpoint while nothing changes...
      expect(await udpFrom(NODE, DNS_IP, 53, 40053)).toBe(first);
      const other = first === 'pa' ? 'pb' : 'pa';
      // ...and moves once its endpoint is gone, though that pod still answers: only conntrack held it there.
      await proxier.sync(services, [webEndpoints(PODS.pb.ip), dnsEndpoints(PODS[other].ip)]);
      expect(await udpFrom(NODE, DNS_IP, 53, 40053)).toBe(other);
    },
  );

  it('cleanup leaves no chain, jump or route of ours in the node namespace', async () => {
    await proxier.cleanup();
    const { stdout } = await inNode('iptables-save');
    expect(stdout).not.toMatch(/KTST/);
    expect(stdout).not.toMatch(/k8ts/);
    expect((await inNode('ip', 'route', 'show', 'table', 'local')).stdout).not.toContain('10.252.200.');
  });
});
