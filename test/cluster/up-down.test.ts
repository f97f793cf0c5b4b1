// `k8ts up` / `k8ts down` for real, as a user runs them: bin/k8ts starts our dockerd and every component on a
// test bridge (k8tsup0, 10.253.13.0/24, services 10.253.14.0/24 — never cbr0/10.244/10.96) with its state in a temp $K8TS_HOME; the real kubectl
// sees a Ready node and runs a pod that serves HTTP on its pod IP and resolves names through cluster DNS (on
// the bridge address 10.253.13.1); `down` leaves no process, link, iptables
// chain or daemon behind and is a no-op the second time. Root only; afterAll runs `down` even after a failure.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chainName } from '../../src/cluster';
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

const BRIDGE = 'k8tsup0';
const CIDR = '10.253.13.0/24';
const POD_NET = /^10\.253\.13\.\d+$/;

let cluster: LocalCluster;
let home = '';
const env = () => cluster.env;
const k8ts = (args: string[], timeout = 60_000) => cluster.k8ts(args, timeout);
const kubectl = (...args: string[]) => cluster.kubectl(...args);
const recordedPids = () => recordedPidsOf(home);

/** One HTTPS request to the apiserver, verified against the cluster CA; resolves with the status code. */
function apiStatus(
  server: string,
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  const ca = readFileSync(path.join(home, 'pki', 'ca.crt'));
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(pathname, server),
      { method, headers: { 'Content-Type': 'application/json', ...headers }, ca, timeout: 5000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!canRun)('k8ts up / down (needs root, dockerd, busybox-static, kubectl, iptables)', () => {
  let upMs = 0;
  let pidsWhileUp: number[] = [];
  let vethsWhileUp: string[] = [];
  let upOut = '';
  let apiPort = 0;
  let kubeletApiPort = 0;

  beforeAll(async () => {
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push(await freePort());
    const [port, kubeletPort, proxyHealthz, dnsHealthz, schedulerPort, cmPort] = ports;
    apiPort = port!;
    kubeletApiPort = kubeletPort!;
    cluster = await startLocalCluster('k8ts-up-', [
      ...['--port', String(port), '--kubelet-port', String(kubeletPort)],
      ...['--bridge', BRIDGE, '--pod-cidr', CIDR, '--node-name', 'up-node'],
      ...['--service-cidr', '10.253.14.0/24', '--proxy-healthz-port', String(proxyHealthz)],
      ...['--dns-healthz-port', String(dnsHealthz), '--scheduler-port', String(schedulerPort)],
      ...['--controller-manager-port', String(cmPort)],
    ]);
    home = cluster.home;
    upMs = cluster.upMs;
    upOut = cluster.upOutput;
    console.log(`k8ts up: node Ready ${(upMs / 1000).toFixed(1)} s after the command started`);
  }, 200_000);

  afterAll(async () => {
    await cluster?.down();
  }, 130_000);

  it('comes up with the node Ready within 60 s', async () => {
    expect(upMs).toBeLessThan(60_000);
    const ready = await kubectl(
      'get',
      'node',
      'up-node',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.addresses[0].address}',
    );
    expect(ready).toBe('True 10.253.13.1');
  });

  it('reports the scheduler, the controller-manager and the store Healthy (kubectl get componentstatuses)', async () => {
    const health = () =>
      kubectl('get', 'cs', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.conditions[0].status} {end}');
    // The scheduler and the controller-manager may still be starting when the node is Ready.
    const all = 'scheduler=True controller-manager=True sqlite=True';
    const seen = await until(
      'every component Healthy',
      async () => ((await health()).trim() === all ? all : undefined),
      30_000,
    ).catch(() => health());
    expect(seen.trim()).toBe(all);
  });

  it('lists the control plane and KubeDNS in `kubectl cluster-info`', async () => {
    const info = await kubectl('cluster-info');
    expect(info).toContain(`Kubernetes control plane is running at https://10.253.13.1:${apiPort}`);
    expect(info).toContain(
      `KubeDNS is running at https://10.253.13.1:${apiPort}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`,
    );
  });

  it('prints the admin kubeconfig: HTTPS on the bridge address, the CA embedded, nothing skipped', () => {
    const kubeconfig = path.join(home, 'kubeconfig');
    expect(upOut).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(upOut).toContain(`https://10.253.13.1:${apiPort}`);
    const doc = parse(readFileSync(kubeconfig, 'utf8')) as {
      clusters: { cluster: Record<string, unknown> }[];
      users: { user: Record<string, unknown> }[];
    };
    expect(doc.clusters[0]!.cluster.server).toBe(`https://10.253.13.1:${apiPort}`);
    expect(doc.clusters[0]!.cluster['certificate-authority-data']).toEqual(expect.any(String));
    expect(doc.clusters[0]!.cluster['insecure-skip-tls-verify']).toBeUndefined();
    expect(doc.users[0]!.user.token).toEqual(expect.any(String));
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('refuses requests without credentials or with a wrong password (401), takes the admin password', async () => {
    const server = `https://10.253.13.1:${apiPort}`;
    const authFile = path.join(home, 'kubernetes_auth');
    expect(statSync(authFile).mode & 0o777).toBe(0o600);
    const { User, Password } = JSON.parse(readFileSync(authFile, 'utf8')) as Record<string, string>;
    const basic = (user: string, password: string) => ({
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    expect(await apiStatus(server, 'GET', '/api/v1/nodes')).toBe(401);
    expect(await apiStatus(server, 'GET', '/api/v1/nodes', basic(User!, `${Password}x`))).toBe(401);
    expect(await apiStatus(server, 'GET', '/api/v1/nodes', basic(User!, Password!))).toBe(200);
  });

  it('lets a kubelet’s credentials (its node kubeconfig) read but not write another node (403)', async () => {
    const nodeConfig = path.join(home, 'kubeconfigs', 'node-up-node.kubeconfig');
    const asNode = (...args: string[]) =>
      exec('kubectl', ['--kubeconfig', nodeConfig, ...args], { env: env(), timeout: 15_000 });
    expect((await asNode('get', 'node', 'up-node', '-o', 'name')).stdout.trim()).toBe('node/up-node');
    const other = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'other-node' } });
    const { token } = (parse(readFileSync(nodeConfig, 'utf8')) as { users: { user: { token: string } }[] })
      .users[0]!.user;
    const status = await apiStatus(
      `https://10.253.13.1:${apiPort}`,
      'POST',
      '/api/v1/nodes',
      { Authorization: `Bearer ${token}` },
      other,
    );
    expect(status).toBe(403);
    await expect(kubectl('get', 'node', 'other-node')).rejects.toThrow(/NotFound|not found/);
  });

  it('serves only HTTPS: the apiserver listens on the one secure address, no insecure port; the kubelet wants a certificate', async () => {
    const pid = Number(readFileSync(path.join(home, 'run', 'apiserver.pid'), 'utf8'));
    const listening = (await exec('ss', ['-Hltnp'])).stdout
      .split('\n')
      .filter((l) => l.includes(`pid=${pid},`))
      .map((l) => l.trim().split(/\s+/)[3]);
    expect(listening).toEqual([`10.253.13.1:${apiPort}`]);
    // The kubelet's own API is HTTPS too (its certificate from the cluster CA), and wants a client certificate.
    expect(await apiStatus(`https://10.253.13.1:${kubeletApiPort}`, 'GET', '/pods')).toBe(401);
  });

  it('runs a pod that serves HTTP on its pod IP, reachable from the host', async () => {
    await kubectl(
      'run',
      'web',
      '--image=busybox',
      '--image-pull-policy=IfNotPresent',
      '--',
      'sh',
      '-c',
      'mkdir -p /www && echo hello from k8ts > /www/index.html && exec httpd -f -p 80 -h /www',
    );
    const ip = await until(
      'the pod Running with an IP',
      async () => {
        const [phase, podIP] = (
          await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.phase} {.status.podIP}')
        ).split(' ');
        return phase === 'Running' && podIP ? podIP : undefined;
      },
      30_000,
    );
    // Only ever an address our own cluster created.
    expect(ip).toMatch(POD_NET);
    const body = await until(
      'httpd to answer',
      async () => {
        const res = await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(2000) });
        return res.ok ? res.text() : undefined;
      },
      10_000,
    );
    expect(body).toBe('hello from k8ts\n');
  }, 50_000);

  it('serves cluster DNS to the pod: the kubernetes service’s name resolves to its IP through kube-dns', async () => {
    const answer = await until(
      'the pod to resolve kubernetes.default.svc.cluster.local',
      async () =>
        (await kubectl('exec', 'web', '--', 'nslookup', 'kubernetes.default.svc.cluster.local')) || undefined,
      20_000,
    );
    expect(answer).toContain('10.253.14.10'); // the nameserver: kube-dns, the 10th service address
    expect(answer).toMatch(/Address:\s*10\.253\.14\.1$/m); // the kubernetes service
  }, 30_000);

  it('streams `kubectl exec` and `kubectl logs` (apiserver → kubelet over TLS with its client certificate)', async () => {
    expect(await kubectl('exec', 'web', '--', 'echo', 'over tls')).toBe('over tls');
    // Written to the container's own stdout, so the kubelet's log stream carries it.
    await kubectl('exec', 'web', '--', 'sh', '-c', 'echo logged through the kubelet > /proc/1/fd/1');
    const logs = await until(
      'the line in the pod log',
      async () => {
        const text = await kubectl('logs', 'web');
        return text.includes('logged through the kubelet') ? text : undefined;
      },
      10_000,
    );
    expect(logs).toContain('logged through the kubelet');
  }, 20_000);

  it('forwards a local port to the pod with `kubectl port-forward`', async () => {
    const local = await freePort();
    const child = spawn('kubectl', ['port-forward', 'web', `${local}:80`], { env: env(), stdio: 'ignore' });
    try {
      const body = await until(
        'the forwarded port to answer',
        async () => {
          const res = await fetch(`http://127.0.0.1:${local}/`, { signal: AbortSignal.timeout(2000) });
          return res.ok ? res.text() : undefined;
        },
        10_000,
      );
      expect(body).toBe('hello from k8ts\n');
    } finally {
      child.kill(); // the kubectl this test started, by its own handle
    }
  }, 20_000);

  it('shows every component running in `k8ts status`, and `up` again only says it is running', async () => {
    const { stdout } = await k8ts(['status']);
    for (const name of ['dockerd', 'apiserver', 'controller-manager', 'scheduler', 'dns', 'kubelet'])
      expect(stdout).toMatch(new RegExp(`^${name}\\s+\\d+\\s+running$`, 'm'));
    const again = await k8ts(['up', '--skip-install']);
    expect(again.stdout).toContain('already running');
    pidsWhileUp = recordedPids();
    // dockerd and the components up recorded (the proxy too, once this build has `k8ts proxy`).
    const components = JSON.parse(
      readFileSync(path.join(home, 'run', 'components.json'), 'utf8'),
    ) as string[];
    expect(components.slice(0, 5)).toEqual([
      'apiserver',
      'controller-manager',
      'scheduler',
      'dns',
      'kubelet',
    ]);
    expect(pidsWhileUp.length).toBe(1 + components.length);
    const enslaved = (await exec('ip', ['-o', 'link', 'show', 'master', BRIDGE])).stdout;
    vethsWhileUp = [...enslaved.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1]!);
    expect(vethsWhileUp.length).toBe(1); // the web pod's
  });

  it('`up` after a crash restarts only the dead component and keeps the state', async () => {
    const pidFile = path.join(home, 'run', 'kubelet.pid');
    const dead = Number(readFileSync(pidFile, 'utf8'));
    process.kill(dead, 'SIGKILL'); // a process this test's cluster started, by its recorded PID
    await until('the kubelet gone', async () => (alive(dead) ? undefined : true), 5_000);
    const { stdout } = await k8ts(['up', '--skip-install']);
    expect(stdout).toContain('The cluster is up');
    const restarted = Number(readFileSync(pidFile, 'utf8'));
    expect(restarted).not.toBe(dead);
    expect(alive(restarted)).toBe(true);
    expect(await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.phase}')).toBe('Running');
    pidsWhileUp = recordedPids();
  }, 40_000);

  it('`push` restarts every component on the current build; the pod keeps its containers and the API is back within 10 s', async () => {
    const containerIds = async () =>
      kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[*].containerID}');
    const before = await containerIds();
    expect(before).toMatch(/^docker:\/\//);
    const components = JSON.parse(
      readFileSync(path.join(home, 'run', 'components.json'), 'utf8'),
    ) as string[];
    const pidOf = (c: string) => Number(readFileSync(path.join(home, 'run', `${c}.pid`), 'utf8'));
    const pidsBefore = new Map(components.map((c) => [c, pidOf(c)]));
    const { stdout } = await k8ts(['push'], 180_000);
    const apiBack = Number(/the API was back ([\d.]+) s/.exec(stdout)?.[1]);
    console.log(`k8ts push: ${stdout.trim()}`);
    expect(apiBack).toBeLessThanOrEqual(10);
    for (const [c, pid] of pidsBefore) {
      const now = pidOf(c);
      expect(now, `${c} restarted`).not.toBe(pid);
      expect(alive(now), `${c} running`).toBe(true);
      expect(alive(pid), `old ${c} gone`).toBe(false);
    }
    expect(await containerIds()).toBe(before);
    expect(
      await kubectl(
        'get',
        'pod',
        'web',
        '-o',
        'jsonpath={.status.phase} {.status.containerStatuses[0].restartCount}',
      ),
    ).toBe('Running 0');
    pidsWhileUp = recordedPids();
  }, 200_000);

  it('`down` removes every process, the bridge and veths, the iptables chain and dockerd; twice is a no-op', async () => {
    const { stdout } = await k8ts(['down']);
    expect(stdout).toContain('Removed:');
    expect(pidsWhileUp.filter(alive)).toEqual([]);
    const links = (await exec('ip', ['-o', 'link', 'show'])).stdout;
    expect(links).not.toContain(BRIDGE);
    for (const veth of vethsWhileUp) expect(links).not.toContain(`${veth}@`);
    expect((await exec('iptables-save', [])).stdout).not.toContain(chainName(BRIDGE));
    expect((await exec('ip', ['route', 'show', 'table', 'all'])).stdout).not.toMatch(/10\.253\.1[34]\./);
    const mounts = readFileSync('/proc/self/mounts', 'utf8');
    expect(mounts).not.toContain(home);
    const second = await k8ts(['down']);
    expect(second.stdout).toBe('Nothing was running.\n');
  }, 60_000);
});
