// `k8ts join` for real: a one-node cluster from `bin/k8ts up` (bridge k8tsjn0, pods 10.231.1.0/24 of cluster
// range 10.231.0.0/16, services 10.232.0.0/24) and a "second host" — network namespace k8tsjn-h2, joined to the
// host by veth k8tsjn-h2a/k8tsjn-h2b on 10.233.0.0/24 — where `bin/k8ts join` runs with its own home, dockerd,
// bridge k8tsjn1, kubelet and proxy. Checks: a wrong CA pin is refused with nothing started, a wrong token gets
// the 401 message, the right command makes a Ready node whose pod range the controller-manager assigned; pods
// on the two hosts reach each other by pod IP (host route to the joined pod range via 10.233.0.2, the namespace
// routes the cluster range via 10.233.0.1); the joined node's credentials cannot write the first node (403);
// teardown leaves no namespace, link, route, rule or process. Root, Docker, busybox-static and kubectl needed.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/etcd';
import {
  canRunCluster,
  exec,
  leftovers,
  runningPod,
  startLocalCluster,
  until,
  type LocalCluster,
} from '../support/local-cluster';

const K8TS = path.resolve(import.meta.dirname, '..', '..', 'bin', 'k8ts');
const NETNS = 'k8tsjn-h2';
const [HOST_VETH, NODE_VETH] = ['k8tsjn-h2a', 'k8tsjn-h2b'];
const [HOST_IP, NODE_IP] = ['10.233.0.1', '10.233.0.2'];
const CHAIN = 'K8TSJN-H2';
const RANGES = ['10.231.', '10.232.', '10.233.'];

const sh = (cmd: string, args: string[]) => exec(cmd, args, { timeout: 20_000 });
const quiet = (p: Promise<unknown>) => p.catch(() => undefined);

/** The second host's own network: its namespace, the veth to the host, the route to the cluster range. */
async function makeSecondHost(): Promise<void> {
  await sh('ip', ['netns', 'add', NETNS]);
  await sh('ip', ['link', 'add', HOST_VETH, 'type', 'veth', 'peer', 'name', NODE_VETH, 'netns', NETNS]);
  await sh('ip', ['addr', 'add', `${HOST_IP}/24`, 'dev', HOST_VETH]);
  await sh('ip', ['link', 'set', HOST_VETH, 'up']);
  const inNs = (args: string[]) => sh('ip', ['-n', NETNS, ...args]);
  await inNs(['link', 'set', 'lo', 'up']);
  await inNs(['addr', 'add', `${NODE_IP}/24`, 'dev', NODE_VETH]);
  await inNs(['link', 'set', NODE_VETH, 'up']);
  // No default route: only the cluster range (the master's pods, its apiserver and DNS) is reachable.
  await inNs(['route', 'add', '10.231.0.0/16', 'via', HOST_IP]);
  await sh('ip', ['netns', 'exec', NETNS, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
}

/** The host forwards between the two hosts' pods and nothing else from the second host: first in FORWARD
 * (before k8ts's guard, which drops pod traffic leaving through anything but k8tsjn0). */
async function allowPodTraffic(joinedPods: string): Promise<void> {
  await sh('iptables', ['-w', '-N', CHAIN]);
  const rule = (args: string[]) => sh('iptables', ['-w', '-A', CHAIN, ...args]);
  await rule(['-i', HOST_VETH, '-d', '10.231.1.0/24', '-j', 'ACCEPT']);
  await rule(['-i', HOST_VETH, '-j', 'DROP']);
  await rule(['-o', HOST_VETH, '-s', '10.231.1.0/24', '-d', joinedPods, '-j', 'ACCEPT']);
  await sh('iptables', ['-w', '-I', 'FORWARD', '1', '-j', CHAIN]);
  await sh('ip', ['route', 'add', joinedPods, 'via', NODE_IP, 'dev', HOST_VETH]);
}

async function removeSecondHost(joinedPods: string | undefined): Promise<void> {
  if (joinedPods) await quiet(sh('ip', ['route', 'del', joinedPods, 'via', NODE_IP]));
  while (
    await sh('iptables', ['-w', '-D', 'FORWARD', '-j', CHAIN]).then(
      () => true,
      () => false,
    )
  );
  await quiet(sh('iptables', ['-w', '-F', CHAIN]));
  await quiet(sh('iptables', ['-w', '-X', CHAIN]));
  await quiet(sh('ip', ['netns', 'del', NETNS]));
  await quiet(sh('ip', ['link', 'del', HOST_VETH]));
}

/** Processes whose command line names one of these directories. */
function processesUnder(dirs: string[]): string[] {
  const found: string[] = [];
  for (const e of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (Number(e) !== process.pid && argv.some((a) => dirs.some((d) => a.includes(d))))
        found.push(`${e} ${argv.join(' ')}`);
    } catch {
      // gone
    }
  }
  return found;
}

/** A busybox pod pinned to a node serving `text` on port 80. */
function webPod(name: string, node: string, text: string): string {
  const script = `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: node,
      containers: [
        { name: 'web', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] },
      ],
    },
  });
}

describe.skipIf(!canRunCluster)('k8ts join from another host (root, Docker, kubectl)', () => {
  let cluster: LocalCluster | undefined;
  let home2 = '';
  let master = '';
  let token = '';
  let pin = '';
  let joinedPods: string | undefined;
  let joinedHostMade = false;
  const join = (args: string[], timeout = 60_000) =>
    // nsenter, not `ip netns exec`: that one remounts /sys, hiding the cgroup mounts the joined host's dockerd
    // needs; a real second host has its own network and the same kind of /sys.
    exec('nsenter', [`--net=/run/netns/${NETNS}`, K8TS, 'join', '--home', home2, ...args], {
      timeout,
      env: { ...process.env, K8TS_HOME: home2 },
    });

  beforeAll(async () => {
    const ports: string[] = [];
    for (let i = 0; i < 6; i++) ports.push(String(await freePort()));
    const [port, kubeletPort, proxyHealthz, dnsHealthz, schedulerPort, cmPort] = ports as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    cluster = await startLocalCluster('k8tsjn-', [
      ...['--port', port!, '--bridge', 'k8tsjn0', '--pod-cidr', '10.231.1.0/24', '--node-name', 'k8tsjn-h1'],
      ...['--cluster-cidr', '10.231.0.0/16', '--service-cidr', '10.232.0.0/24'],
      ...[
        '--kubelet-port',
        kubeletPort,
        '--proxy-healthz-port',
        proxyHealthz,
        '--dns-healthz-port',
        dnsHealthz,
      ],
      ...['--scheduler-port', schedulerPort, '--controller-manager-port', cmPort],
    ]);
    home2 = mkdtempSync(path.join(os.tmpdir(), 'k8tsjn-h2-'));
    joinedHostMade = true;
    await makeSecondHost();
  }, 200_000);

  afterAll(async () => {
    if (home2 && joinedHostMade) await quiet(join(['--down', '--purge'], 90_000));
    await removeSecondHost(joinedPods);
    if (cluster) await cluster.down();
    if (home2) rmSync(home2, { recursive: true, force: true });
  }, 200_000);

  it('prints the join command on the master (up and join --print-command): server, token <6>.<16>, CA pin', async () => {
    const { stdout } = await cluster!.k8ts(['join', '--print-command']);
    const m =
      /^k8ts join --master (https:\/\/10\.231\.1\.1:\d+) --token ([a-z0-9]{6}\.[a-z0-9]{16}) --ca-cert-hash (sha256:[0-9a-f]{64})$/.exec(
        stdout.trim(),
      );
    expect(m, stdout).not.toBeNull();
    [, master, token, pin] = m!;
    // `up` ends with the same line, also when the cluster is already running.
    expect(cluster!.upOutput).toContain(stdout.trim());
    const again = await cluster!.k8ts(['up', '--skip-install'], 60_000);
    expect(again.stdout).toContain(`To add a node on another host (docs/multi-host.md): ${stdout.trim()}`);
  }, 60_000);

  it('refuses a CA that does not match the pin: exit 1, one clear line, nothing started', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const err = await join(['--master', master, '--token', token, '--ca-cert-hash', wrong]).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(
      /error: the cluster CA's public key hash is sha256:[0-9a-f]{64}, not the --ca-cert-hash/,
    );
    expect(existsSync(path.join(home2, 'run'))).toBe(false);
    expect(existsSync(path.join(home2, 'kubeconfig'))).toBe(false);
    expect(processesUnder([home2])).toEqual([]);
  }, 90_000);

  it('refuses a wrong join token with the 401 message', async () => {
    const other = token.startsWith('a') ? `b${token.slice(1)}` : `a${token.slice(1)}`;
    const err = await join(['--master', master, '--token', other, '--ca-cert-hash', pin]).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('the apiserver refused the join token (401 Unauthorized): check --token');
    expect(processesUnder([home2])).toEqual([]);
  }, 90_000);

  it('joins with the right command: the node is Ready with a pod range from the cluster range', async () => {
    const { stdout } = await join(
      [
        ...['--master', master, '--token', token, '--ca-cert-hash', pin],
        ...['--node-name', NETNS, '--bridge', 'k8tsjn1', '--timeout', '120'],
      ],
      240_000,
    ).catch((e: { stderr?: string; stdout?: string }) => {
      const logs = path.join(home2, 'logs');
      for (const f of existsSync(logs) ? readdirSync(logs) : [])
        console.error(
          `--- ${f}\n${readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-20).join('\n')}`,
        );
      throw new Error(`join failed: ${e.stderr ?? ''} ${e.stdout ?? ''}`);
    });
    expect(stdout).toContain(`Node ${NETNS} (${NODE_IP}`);
    const rows = await cluster!.kubectl(
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.status.addresses[0].address} {.spec.podCIDR}{"\\n"}{end}',
    );
    const joined = rows.split('\n').find((r) => r.startsWith(`${NETNS} `));
    expect(joined).toMatch(
      new RegExp(`^${NETNS} True ${NODE_IP.replace(/\./g, '\\.')} 10\\.231\\.\\d+\\.0/24$`),
    );
    joinedPods = joined!.split(' ')[3]!;
    expect(joinedPods).not.toBe('10.231.1.0/24');
    await allowPodTraffic(joinedPods);
  }, 250_000);

  it('runs a pod on the joined node that a pod on the first node reaches by pod IP, and back', async () => {
    for (const [name, node, text] of [
      ['far', NETNS, 'hello-from-h2'],
      ['near', 'k8tsjn-h1', 'hello-from-h1'],
    ] as const) {
      const file = path.join(cluster!.home, `${name}.json`);
      writeFileSync(file, webPod(name, node, text));
      await cluster!.kubectl('apply', '-f', file);
    }
    const [farIp, farNode] = await runningPod(cluster!, 'far', 90_000);
    const [nearIp] = await runningPod(cluster!, 'near', 60_000);
    expect(farNode).toBe(NETNS);
    expect(farIp.startsWith(joinedPods!.replace(/0\/24$/, ''))).toBe(true);
    const fetch = (from: string, ip: string) =>
      until(
        `${from} to fetch http://${ip}/`,
        async () =>
          (await cluster!.kubectl('exec', from, '--', 'timeout', '5', 'wget', '-qO-', `http://${ip}/`)) ||
          undefined,
        30_000,
      );
    expect(await fetch('near', farIp)).toBe('hello-from-h2');
    // exec into the joined node's pod: the apiserver reaches its kubelet over HTTPS with the signed certificate.
    expect(await fetch('far', nearIp)).toBe('hello-from-h1');
  }, 200_000);

  it('lets the joined node write only itself: its credentials cannot label the first node (403)', async () => {
    const kubeconfig = path.join(home2, 'kubeconfig');
    const as = (...args: string[]) =>
      exec('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
    expect((await as('get', 'node', NETNS, '-o', 'name')).stdout.trim()).toBe(`node/${NETNS}`);
    const err = await as('label', 'node', 'k8tsjn-h1', 'stolen=yes').then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(err).toMatch(/Forbidden|forbidden/);
    expect(err).toContain(`system:node:${NETNS}`);
  }, 60_000);

  it('leaves nothing behind: join --down, down, and the test network removed', async () => {
    const { stdout } = await join(['--down'], 90_000);
    expect(stdout).toMatch(/Removed: .*kubelet/);
    expect(processesUnder([home2])).toEqual([]);
    await removeSecondHost(joinedPods);
    joinedHostMade = false;
    const home1 = cluster!.home;
    await cluster!.down();
    cluster = undefined;
    expect(processesUnder([home1, home2])).toEqual([]);
    expect(await leftovers(['k8tsjn', CHAIN], RANGES)).toEqual([]);
  }, 200_000);
});
