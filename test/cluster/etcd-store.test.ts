// `k8ts up --store etcd` for real, kept short: one node on its own test bridge (k8tset0, pods 10.253.21.0/24,
// services 10.253.22.0/24 — never cbr0/10.244/10.96), a local etcd on loopback under $K8TS_HOME/etcd that the
// apiserver stores into; the node becomes Ready, `k8ts status` shows etcd, and `down --purge` stops etcd and
// deletes its data. Root only; afterAll runs `down` even after a failure.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freePortRun } from '../support/etcd';

const exec = promisify(execFile);
const K8TS = path.resolve(import.meta.dirname, '..', '..', 'bin', 'k8ts');

const which = (cmd: string) =>
  ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(`${d}/${cmd}`));
const canRun =
  process.getuid?.() === 0 &&
  ['dockerd', 'busybox', 'kubectl', 'iptables', 'ip', 'etcd'].every((c) => which(c));

let home = '';
const env = () => ({
  ...process.env,
  K8TS_HOME: home,
  KUBECACHEDIR: path.join(home, 'kubecache'),
  // The admin password goes to a temp file, never the real ~/.kubernetes_auth.
  K8TS_AUTH_FILE: path.join(home, 'kubernetes_auth'),
});
const k8ts = (args: string[], timeout = 60_000) => exec(K8TS, args, { env: env(), timeout });

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe.skipIf(!canRun)('k8ts up --store etcd (needs root, dockerd, busybox-static, kubectl, etcd)', () => {
  let etcdUrl = '';

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'k8tset-'));
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push(await freePort());
    const [port, kubeletPort, proxyHealthz, dnsHealthz, schedulerPort, cmPort] = ports;
    const etcdPort = await freePortRun(2, ports);
    etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const started = Date.now();
    await k8ts(
      ['up', '--skip-install', '--store', 'etcd', '--etcd-port', String(etcdPort)]
        .concat(['--port', String(port), '--kubelet-port', String(kubeletPort)])
        .concat(['--bridge', 'k8tset0', '--pod-cidr', '10.253.21.0/24', '--service-cidr', '10.253.22.0/24'])
        .concat(['--node-name', 'etcd-node', '--proxy-healthz-port', String(proxyHealthz)])
        .concat(['--dns-healthz-port', String(dnsHealthz), '--scheduler-port', String(schedulerPort)])
        .concat(['--controller-manager-port', String(cmPort)]),
      90_000,
    ).catch((err: unknown) => {
      const logs = path.join(home, 'logs');
      for (const f of existsSync(logs) ? readdirSync(logs) : [])
        console.error(
          `--- ${f}\n${readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-15).join('\n')}`,
        );
      throw err;
    });
    console.log(`k8ts up --store etcd: node Ready ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 100_000);

  afterAll(async () => {
    try {
      if (home) await k8ts(['down', '--purge'], 60_000);
    } finally {
      if (home) rmSync(home, { recursive: true, force: true });
    }
  }, 70_000);

  it('stores the cluster in the local etcd: the Node object is under its keys', async () => {
    const { stdout } = await exec(
      '/usr/bin/kubectl',
      ['--kubeconfig', path.join(home, 'kubeconfig'), 'get', 'node', 'etcd-node', '-o', 'name'],
      { env: env(), timeout: 15_000 },
    );
    expect(stdout.trim()).toBe('node/etcd-node');
    // Ask etcd itself (v3 JSON gateway, keys base64): some key names the node.
    const res = await fetch(`${etcdUrl}/v3/kv/range`, {
      method: 'POST',
      body: JSON.stringify({
        key: Buffer.from('\0').toString('base64'),
        range_end: Buffer.from('\0').toString('base64'),
        keys_only: true,
      }),
    });
    const { kvs = [] } = (await res.json()) as { kvs?: { key: string }[] };
    const keys = kvs.map((kv) => Buffer.from(kv.key, 'base64').toString());
    expect(keys.some((k) => k.includes('nodes') && k.endsWith('etcd-node'))).toBe(true);
  });

  it('shows etcd in `k8ts status`, and `down --purge` stops it and deletes its data', async () => {
    const { stdout } = await k8ts(['status']);
    expect(stdout).toMatch(/^etcd\s+\d+\s+running$/m);
    const pid = Number(readFileSync(path.join(home, 'run', 'etcd.pid'), 'utf8'));
    expect(existsSync(path.join(home, 'etcd', 'etcd', 'member'))).toBe(true);
    await k8ts(['down', '--purge'], 60_000);
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(home, 'etcd'))).toBe(false);
    await expect(fetch(`${etcdUrl}/health`)).rejects.toThrow();
  }, 70_000);
});
