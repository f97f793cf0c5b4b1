// `k8ts up` / `k8ts down` for real, as a user runs them: bin/k8ts starts our dockerd and every component on a
// test bridge (k8tsup0, 10.253.13.0/24, services 10.253.14.0/24 — never cbr0/10.244/10.96) with its state in a temp $K8TS_HOME; the real kubectl
// sees a Ready node and runs a pod that serves HTTP on its pod IP and resolves names through cluster DNS (on
// the bridge address 10.253.13.1); `down` leaves no process, link, iptables
// chain or daemon behind and is a no-op the second time. Root only; afterAll runs `down` even after a failure.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainName } from '../../src/cluster';
import { dockerdPaths } from '../../src/kubelet/runtime';

const exec = promisify(execFile);
const K8TS = path.resolve(import.meta.dirname, '..', '..', 'bin', 'k8ts');
const BRIDGE = 'k8tsup0';
const CIDR = '10.253.13.0/24';
const POD_NET = /^10\.253\.13\.\d+$/;

const which = (cmd: string) =>
  ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(`${d}/${cmd}`));
const canRun =
  process.getuid?.() === 0 && ['dockerd', 'busybox', 'kubectl', 'iptables', 'ip'].every((c) => which(c));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let home = '';
const env = () => ({
  ...process.env,
  K8TS_HOME: home,
  KUBECONFIG: path.join(home, 'kubeconfig'),
  KUBECACHEDIR: path.join(home, 'kubecache'),
});
const k8ts = (args: string[], timeout = 60_000) => exec(K8TS, args, { env: env(), timeout });
const kubectl = async (...args: string[]) =>
  (await exec('kubectl', args, { env: env(), timeout: 15_000 })).stdout.trim();

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function recordedPids(): number[] {
  const run = path.join(home, 'run');
  const files = existsSync(run) ? readdirSync(run).filter((f) => f.endsWith('.pid')) : [];
  const pids = files.map((f) => Number(readFileSync(path.join(run, f), 'utf8')));
  const dockerPid = dockerdPaths(path.join(home, 'docker')).pidFile;
  if (existsSync(dockerPid)) pids.push(Number(readFileSync(dockerPid, 'utf8')));
  return pids;
}

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe.skipIf(!canRun)('k8ts up / down (needs root, dockerd, busybox-static, kubectl, iptables)', () => {
  let upMs = 0;
  let pidsWhileUp: number[] = [];
  let vethsWhileUp: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-up-'));
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push(await freePort());
    const [port, kubeletPort, proxyHealthz, dnsHealthz, schedulerPort, cmPort] = ports;
    const started = Date.now();
    await k8ts(
      [
        'up',
        '--skip-install',
        '--port',
        String(port),
        '--kubelet-port',
        String(kubeletPort),
        '--bridge',
        BRIDGE,
        '--pod-cidr',
        CIDR,
        '--node-name',
        'up-node',
        '--service-cidr',
        '10.253.14.0/24',
        '--proxy-healthz-port',
        String(proxyHealthz),
        '--dns-healthz-port',
        String(dnsHealthz),
        '--scheduler-port',
        String(schedulerPort),
        '--controller-manager-port',
        String(cmPort),
      ],
      90_000,
    );
    upMs = Date.now() - started;
    console.log(`k8ts up: node Ready ${(upMs / 1000).toFixed(1)} s after the command started`);
  }, 100_000);

  afterAll(async () => {
    try {
      if (home) await k8ts(['down', '--purge'], 60_000);
    } finally {
      if (home) rmSync(home, { recursive: true, force: true });
    }
  }, 70_000);

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
