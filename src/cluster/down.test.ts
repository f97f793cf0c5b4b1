import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from '../kubelet/network';
import { down } from './down';
import { clusterPaths } from './paths';
import { resolveSettings, saveSettings, type ClusterSettings } from './settings';
import { recordComponents, status } from './status';

/** A host where nothing of ours exists any more: every probe and delete says so. */
const emptyHost = () =>
  new RecordingRunner((line) =>
    line === 'ip netns list' || line === 'ip -o link show' || line.startsWith('iptables-save')
      ? ''
      : new CommandError(line, 'Cannot find device / No chain by that name', 1),
  );

describe('k8ts down', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const homeWith = (settings?: Partial<ClusterSettings>) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-down-'));
    dirs.push(home);
    if (settings)
      saveSettings(clusterPaths(home), resolveSettings({ nodeName: 'n', ...settings }, undefined));
    return home;
  };

  it('on a home where `up` never ran touches nothing (no default cbr0, no chain) and says so', async () => {
    const home = homeWith();
    const runner = emptyHost();
    expect(await down({ home, runner })).toEqual([]);
    expect(runner.commands).toEqual([]);
    expect(existsSync(home)).toBe(true);
  });

  it('--purge deletes the state directory, and a second down is still fine', async () => {
    const home = homeWith();
    await down({ home, purge: true });
    expect(existsSync(home)).toBe(false);
    expect(await down({ home, purge: true })).toEqual([]);
  });

  it('of several nodes removes the host routes, namespaces and host bridge it saved, and its own chain', async () => {
    const home = homeWith({
      nodes: 2,
      hostBridge: 'k8tsmn0',
      nodeCidr: '10.251.0.0/24',
      clusterCidr: '10.250.0.0/16',
      netnsPrefix: 'k8tsmn-',
    });
    const runner = emptyHost();
    expect(await down({ home, runner })).toEqual([]);
    expect(runner.commands).toEqual(
      expect.arrayContaining([
        'ip route del 10.250.1.0/24 via 10.251.0.11',
        'ip route del 10.250.2.0/24 via 10.251.0.12',
        'ip netns list',
        'ip link show dev k8tsmn0',
        'iptables -w -D FORWARD -j K8TS-FWD-k8tsmn0',
      ]),
    );
    expect(runner.commands.join('\n')).not.toMatch(/cbr0|K8TS-FORWARD/);
  });

  it('of one node removes its bridge, the service range made local by its proxy, and its chain', async () => {
    const home = homeWith({ bridge: 'k8tst0', podCidr: '10.253.7.0/24', serviceCidr: '10.253.8.0/24' });
    const runner = emptyHost();
    await down({ home, runner });
    expect(runner.commands).toEqual([
      'ip link show dev k8tst0',
      'ip route del local 10.253.8.0/24 dev lo table local',
      'iptables -w -D FORWARD -j K8TS-FWD-k8tst0',
      'iptables -w -L K8TS-FWD-k8tst0 -n',
      'iptables-save -t nat',
      'iptables-save',
    ]);
  });

  it('of one node removes the hostPort chains and the iptables proxy’s chains and jumps left in the host', async () => {
    const home = homeWith({ bridge: 'k8tst0', podCidr: '10.253.7.0/24', serviceCidr: '10.253.8.0/24' });
    const saved = [
      '*nat',
      // The chain of this cluster's bridge (another cluster's, K8TS-HOSTPORTS, would be left alone).
      ':K8TS-HP-k8tst0 - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j K8TS-HP-k8tst0',
      '-A PREROUTING -m comment --comment "k8ts service portals" -j KUBE-SERVICES',
      'COMMIT',
    ].join('\n');
    let jumpLeft = true;
    const runner = new RecordingRunner((line) => {
      if (line.startsWith('iptables-save')) return saved;
      if (line.startsWith('iptables -w -t nat -C PREROUTING') && line.endsWith('KUBE-SERVICES') && jumpLeft) {
        jumpLeft = false;
        return '';
      }
      if (['ip netns list', 'ip -o link show'].includes(line)) return '';
      if (line.startsWith('iptables-restore') || line.startsWith('iptables -w -t nat -D')) return '';
      return new CommandError(line, 'Cannot find device / No chain by that name', 1);
    });
    const removed = await down({ home, runner });
    expect(removed).toEqual(expect.arrayContaining(['hostPort chains', 'proxy iptables chains']));
    const restores = runner.commands.filter((c) => c.startsWith('iptables-restore'));
    expect(restores.length).toBe(2);
    expect(runner.commands).toContain(
      'iptables -w -t nat -D PREROUTING -m comment --comment k8ts service portals -j KUBE-SERVICES',
    );
  });
});

describe('k8ts status', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('lists the one dockerd all nodes share and every component the last `up` started, none running here', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-status-'));
    dirs.push(home);
    const paths = clusterPaths(home);
    saveSettings(paths, resolveSettings({ nodeName: 'n', nodes: 2 }, undefined));
    recordComponents(paths, ['apiserver', 'dns', 'kubelet-1', 'proxy-1', 'kubelet-2', 'proxy-2']);
    expect(status(home)).toEqual([
      { name: 'dockerd', pid: undefined },
      { name: 'apiserver', pid: undefined },
      { name: 'dns', pid: undefined },
      { name: 'kubelet-1', pid: undefined },
      { name: 'proxy-1', pid: undefined },
      { name: 'kubelet-2', pid: undefined },
      { name: 'proxy-2', pid: undefined },
    ]);
  });
});
