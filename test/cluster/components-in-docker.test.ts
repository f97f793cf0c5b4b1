// `k8ts up --components-in-docker` for real: the apiserver, controller-manager, scheduler and DNS run as
// containers of images built on our own dockerd (no registry), the kubelet and proxy as host processes; the node
// gets Ready, kubectl works, a pod serves HTTP on its pod IP; a killed apiserver container shows in `k8ts
// status` and the next `up` brings it back; `down --purge` leaves no container, process, link or rule. Only
// bridge k8tscd0, pods 10.228.1.0/24, services 10.229.0.0/24, ports from freePort. Root and Docker only.
import { readFileSync, readdirSync } from 'node:fs';
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

const BRIDGE = 'k8tscd0';
const PODS = '10.228.1.0/24';
const SERVICES = '10.229.0.0/24';
const CONTROL_PLANE = ['apiserver', 'controller-manager', 'scheduler', 'dns'];

interface Row {
  id: string;
  name: string;
  image: string;
  state: string;
  labels: string;
}

/** Every process whose command line names the cluster's home (what `down` must have ended). */
function processesOf(home: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(home) && Number(e) !== process.pid) found.push(`${e}: ${cmd.slice(0, 120)}`);
    } catch {
      // gone
    }
  }
  return found;
}

describe.skipIf(!canRunCluster)('k8ts up --components-in-docker (root, real Docker)', () => {
  let cluster: LocalCluster | undefined;
  let home = '';
  let downDone = false;
  const docker = async (...args: string[]) =>
    (
      await exec('docker', ['--host', `unix://${home}/docker/docker.sock`, ...args], { timeout: 30_000 })
    ).stdout.trim();
  const containers = async (): Promise<Row[]> =>
    (
      await docker(
        'ps',
        '--all',
        '--no-trunc',
        '--format',
        '{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.State}}\t{{.Labels}}',
      )
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [id = '', name = '', image = '', state = '', labels = ''] = l.split('\t');
        return { id, name, image, state, labels };
      });

  beforeAll(async () => {
    const [port, kubelet, proxy, dns, scheduler, cm] = await Promise.all(
      Array.from({ length: 6 }, () => freePort()),
    );
    cluster = await startLocalCluster('k8tscd', [
      '--components-in-docker',
      ...['--bridge', BRIDGE, '--pod-cidr', PODS, '--service-cidr', SERVICES, '--node-name', 'k8tscd-node'],
      ...['--port', String(port), '--kubelet-port', String(kubelet), '--proxy-healthz-port', String(proxy)],
      ...['--dns-healthz-port', String(dns), '--scheduler-port', String(scheduler)],
      ...['--controller-manager-port', String(cm)],
    ]);
    home = cluster.home;
    console.log(`up --components-in-docker: node Ready after ${(cluster.upMs / 1000).toFixed(1)} s`);
  }, 240_000);

  afterAll(async () => {
    if (cluster && !downDone) await cluster.down();
  }, 180_000);

  it('brings the node Ready, and kubectl reaches the apiserver in its container', async () => {
    const nodes = await cluster!.kubectl('get', 'nodes', '--no-headers');
    expect(nodes).toMatch(/^k8tscd-node\s+Ready\b/m);
  });

  it('runs the control plane as labelled containers of our images, the kubelet and proxy on the host', async () => {
    const rows = await containers();
    const ours = rows.filter((r) => r.labels.includes(`io.k8ts.home=${home}`));
    expect(ours.map((r) => r.name).sort()).toEqual(CONTROL_PLANE.map((c) => `k8ts-${c}`).sort());
    for (const c of CONTROL_PLANE) {
      const row = ours.find((r) => r.name === `k8ts-${c}`)!;
      expect(row.state).toBe('running');
      expect(row.labels).toContain(`io.k8ts.component=${c}`);
      expect(row.image).toMatch(new RegExp(`^k8ts/${c}:\\d+\\.\\d+\\.\\d+-[0-9a-f]{12}$`));
    }
    const tags = await docker('images', '--format', '{{.Repository}}:{{.Tag}} {{.Size}}');
    console.log(`component images:\n${tags}`);
    expect(tags).toMatch(/^k8ts\/apiserver:\d+\.\d+\.\d+ /m);
    // Each component writes its log under $K8TS_HOME/logs, as a host process does.
    expect(readFileSync(path.join(home, 'logs', 'apiserver.log'), 'utf8').length).toBeGreaterThan(0);
    // The kubelet is a host process, not in a container: its PID's command line is k8ts', not docker-init's.
    const pid = readFileSync(path.join(home, 'run', 'kubelet.pid'), 'utf8').trim();
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    expect(cmd).toContain('kubelet');
    expect(cmd).not.toContain('docker-init');
  });

  it('runs a pod that serves HTTP on its pod IP', async () => {
    await cluster!.kubectl(
      ...['run', 'web', '--image=busybox', '--image-pull-policy=IfNotPresent', '--'],
      ...['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www'],
    );
    const [ip] = await runningPod(cluster!, 'web');
    expect(ip).toMatch(/^10\.228\.1\.\d+$/);
    const body = await until(
      'httpd to answer',
      async () => {
        const res = await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(2000) });
        return res.ok ? res.text() : undefined;
      },
      15_000,
    );
    expect(body).toBe('hello\n');
  }, 90_000);

  it('`push` recreates each control-plane container from the current images while the pod keeps running', async () => {
    const before = await containers();
    const { stderr } = await cluster!.k8ts(['push'], 600_000);
    console.log(`push:\n${stderr.trim()}`);
    const after = await containers();
    for (const c of CONTROL_PLANE) {
      const [was, now] = [before, after].map((rows) => rows.find((r) => r.name === `k8ts-${c}`)!);
      expect(now!.state).toBe('running');
      expect(now!.id).not.toBe(was!.id);
      expect(now!.image).toMatch(new RegExp(`^k8ts/${c}:\\d+\\.\\d+\\.\\d+-[0-9a-f]{12}$`));
    }
    // Nothing but the control plane was replaced: the pod's containers are the same ones.
    const pods = (rows: Row[]) => rows.filter((r) => r.name.startsWith('k8s_')).map((r) => r.id);
    expect(pods(after).sort()).toEqual(pods(before).sort());
    expect(await cluster!.kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.phase}')).toBe('Running');
  }, 660_000);

  it('shows a killed apiserver container in `k8ts status`, and `up` brings it back', async () => {
    const before = (await containers()).find((r) => r.name === 'k8ts-apiserver')!;
    await docker('kill', 'k8ts-apiserver');
    const { stdout } = await cluster!.k8ts(['status']);
    expect(stdout).toMatch(
      new RegExp(`^apiserver\\s+${before.id.slice(0, 12)}\\s+not running \\(container exited\\)$`, 'm'),
    );
    expect(stdout).toMatch(/^scheduler\s+[0-9a-f]{12}\s+running \(container running\)$/m);
    expect(stdout).toMatch(/^kubelet\s+\d+\s+running$/m);
    const again = await cluster!.k8ts(['up', '--skip-install'], 180_000);
    expect(again.stdout).toMatch(/The cluster is up at/);
    const after = (await containers()).find((r) => r.name === 'k8ts-apiserver')!;
    expect(after.state).toBe('running');
    expect(after.id).not.toBe(before.id);
    // While the apiserver was down the kubelet's heartbeats failed, so the node lifecycle controller may mark the
    // node Unknown for a moment once it is back; the kubelet's next heartbeat makes it Ready again.
    await until(
      'the node Ready again',
      async () =>
        /^k8tscd-node\s+Ready\b/m.test(await cluster!.kubectl('get', 'nodes', '--no-headers'))
          ? true
          : undefined,
      60_000,
    );
    // And on a running cluster `up` only says so.
    expect((await cluster!.k8ts(['up', '--skip-install'], 120_000)).stdout).toMatch(/already running/);
  }, 240_000);

  it('`down --purge` leaves no container, process, link or rule', async () => {
    downDone = true;
    await cluster!.down();
    expect(processesOf(home)).toEqual([]);
    expect(await leftovers([BRIDGE], ['10.228.1.', '10.229.0.'])).toEqual([]);
  }, 180_000);
});
