import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterPaths } from './paths';
import { loadSettings, resolveSettings, saveSettings, type ClusterSettings } from './settings';

describe('cluster settings', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('defaults to one node on cbr0, 10.244.0.0/24, secure port 6443 and a lowercased node name', () => {
    const s = resolveSettings({ nodeName: 'My-Node' }, undefined);
    expect(s).toEqual({
      port: 6443,
      bridge: 'cbr0',
      podCidr: '10.244.0.0/24',
      kubeletPort: 10250,
      nodeName: 'my-node',
      nodes: 1,
      hostBridge: 'k8ts0',
      nodeCidr: '10.240.0.0/24',
      clusterCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/16',
      netnsPrefix: 'k8ts-node-',
      proxyMode: 'userspace',
      proxyHealthzPort: 10256,
      schedulerPort: 10251,
      controllerManagerPort: 10252,
      dnsHealthzPort: 8081,
      clusterDomain: 'cluster.local',
      store: 'sqlite',
      etcdMembers: 1,
      etcdServers: '',
      etcdPort: 2379,
      authFile: '',
      componentsInDocker: false,
    });
  });

  it('takes only an absolute auth file, since later runs read it from cluster.json', () => {
    expect(() => resolveSettings({ authFile: 'auth.json', nodeName: 'n' }, undefined)).toThrow(
      /invalid auth file "auth.json": want an absolute path/,
    );
    expect(resolveSettings({ authFile: '/tmp/a/auth.json', nodeName: 'n' }, undefined).authFile).toBe(
      '/tmp/a/auth.json',
    );
  });

  it('reads a file saved before multi-node support as a one-node cluster', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-settings-'));
    dirs.push(home);
    writeFileSync(
      path.join(home, 'cluster.json'),
      JSON.stringify({ port: 9, bridge: 'b0', podCidr: '10.253.1.0/24', nodeName: 'n', kubeletPort: 10 }),
    );
    expect(loadSettings(clusterPaths(home))).toMatchObject({
      port: 9,
      bridge: 'b0',
      nodes: 1,
      proxyMode: 'userspace',
    });
  });

  it('keeps what the first up saved unless a flag says otherwise', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-settings-'));
    dirs.push(home);
    const paths = clusterPaths(home);
    expect(loadSettings(paths)).toBeUndefined();
    saveSettings(paths, resolveSettings({ port: 9999, bridge: 'k8tsx0', nodeName: 'n1' }, undefined));
    const again = resolveSettings({ podCidr: '10.253.1.0/24' }, loadSettings(paths));
    expect(again).toMatchObject({ port: 9999, bridge: 'k8tsx0', podCidr: '10.253.1.0/24', nodeName: 'n1' });
  });

  it('refuses bad values before anything starts', () => {
    expect(() => resolveSettings({ port: 70000, nodeName: 'n' }, undefined)).toThrow(/invalid port 70000/);
    expect(() => resolveSettings({ bridge: 'much-too-long-bridge', nodeName: 'n' }, undefined)).toThrow(
      /invalid bridge name/,
    );
    expect(() => resolveSettings({ podCidr: '10.244.0.1/24', nodeName: 'n' }, undefined)).toThrow(
      /invalid --pod-cidr "10.244.0.1\/24"/,
    );
    expect(() => resolveSettings({ podCidr: '10.244.0.0/31', nodeName: 'n' }, undefined)).toThrow(
      /--pod-cidr/,
    );
    expect(() => resolveSettings({ nodes: 0, nodeName: 'n' }, undefined)).toThrow(
      /invalid nodes 0: want 1 to 244/,
    );
    // A /22 cluster range has /24s 1 to 3 for nodes.
    expect(() =>
      resolveSettings({ nodes: 4, clusterCidr: '10.250.0.0/22', nodeName: 'n' }, undefined),
    ).toThrow(/invalid nodes 4: want 1 to 3/);
    expect(() => resolveSettings({ hostBridge: 'twelve-chars', nodeName: 'n' }, undefined)).toThrow(
      /invalid host bridge name/,
    );
    expect(() => resolveSettings({ proxyMode: 'ipvs' as 'iptables', nodeName: 'n' }, undefined)).toThrow(
      /invalid proxy mode "ipvs": want userspace or iptables/,
    );
    expect(() => resolveSettings({ serviceCidr: '10.96.0.0', nodeName: 'n' }, undefined)).toThrow(
      /invalid --service-cidr/,
    );
    expect(() => resolveSettings({ clusterDomain: 'Cluster..local', nodeName: 'n' }, undefined)).toThrow(
      /invalid cluster domain "Cluster..local"/,
    );
    expect(() => resolveSettings({ dnsHealthzPort: 0, nodeName: 'n' }, undefined)).toThrow(
      /invalid dnsHealthzPort 0/,
    );
  });

  it('checks the store settings: etcd members and servers only with --store etcd, and never both', () => {
    const r = (f: Partial<ClusterSettings>) => () => resolveSettings({ nodeName: 'n', ...f }, undefined);
    expect(r({ store: 'mysql' as 'etcd' })).toThrow(/invalid store "mysql": want sqlite or etcd/);
    expect(r({ store: 'etcd', etcdMembers: 2 })).toThrow(/invalid etcd members 2: want 1, 3, 5 or 7/);
    expect(r({ etcdMembers: 3 })).toThrow(/need --store etcd/);
    expect(r({ etcdServers: 'http://10.0.0.5:2379' })).toThrow(/need --store etcd/);
    expect(r({ store: 'etcd', etcdServers: 'http://a:2379,ftp://b' })).toThrow(
      /invalid etcd server "ftp:\/\/b"/,
    );
    expect(r({ store: 'etcd', etcdServers: 'http://a:2379', etcdMembers: 3 })).toThrow(
      /with --etcd-servers none is started/,
    );
    expect(r({ store: 'etcd', etcdMembers: 3, etcdPort: 65531 })).toThrow(/invalid etcd port 65531/);
    expect(r({ store: 'etcd', etcdMembers: 3, etcdPort: 65530 })()).toMatchObject({ etcdMembers: 3 });
    expect(r({ store: 'etcd', etcdServers: 'https://10.0.0.5:2379,http://10.0.0.6:2379' })()).toMatchObject({
      store: 'etcd',
    });
  });
});
