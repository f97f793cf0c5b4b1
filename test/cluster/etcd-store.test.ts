// `k8ts up --store etcd` for real, kept short: one node on its own test bridge (k8tset0, pods 10.253.21.0/24,
// services 10.253.22.0/24 — never cbr0/10.244/10.96), a local etcd on loopback under $K8TS_HOME/etcd that the
// apiserver stores into; the node becomes Ready, `k8ts status` shows etcd, and `down --purge` stops etcd and
// deletes its data. Root only; afterAll runs `down` even after a failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freePortRun } from '../support/etcd';
import {
  alive,
  canRunCluster,
  canRunEtcd,
  startLocalCluster,
  type LocalCluster,
} from '../support/local-cluster';

const canRun = canRunCluster && canRunEtcd;
let cluster: LocalCluster;
let home = '';
const k8ts = (args: string[], timeout = 60_000) => cluster.k8ts(args, timeout);

describe.skipIf(!canRun)('k8ts up --store etcd (needs root, dockerd, busybox-static, kubectl, etcd)', () => {
  let etcdUrl = '';

  beforeAll(async () => {
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push(await freePort());
    const [port, kubeletPort, proxyHealthz, dnsHealthz, schedulerPort, cmPort] = ports;
    const etcdPort = await freePortRun(2, ports);
    etcdUrl = `http://127.0.0.1:${etcdPort}`;
    cluster = await startLocalCluster('k8tset-', [
      ...['--store', 'etcd', '--etcd-port', String(etcdPort)],
      ...['--port', String(port), '--kubelet-port', String(kubeletPort)],
      ...['--bridge', 'k8tset0', '--pod-cidr', '10.253.21.0/24', '--service-cidr', '10.253.22.0/24'],
      ...['--node-name', 'etcd-node', '--proxy-healthz-port', String(proxyHealthz)],
      ...['--dns-healthz-port', String(dnsHealthz), '--scheduler-port', String(schedulerPort)],
      ...['--controller-manager-port', String(cmPort)],
    ]);
    home = cluster.home;
    console.log(`k8ts up --store etcd: node Ready ${(cluster.upMs / 1000).toFixed(1)} s`);
  }, 200_000);

  afterAll(async () => {
    await cluster?.down();
  }, 130_000);

  it('stores the cluster in the local etcd: the Node object is under its keys', async () => {
    expect(await cluster.kubectl('get', 'node', 'etcd-node', '-o', 'name')).toBe('node/etcd-node');
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
