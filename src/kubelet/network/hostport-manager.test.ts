import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from './command-runner';
import { HostPortConflictError, HostPortManager, removeHostPortChains } from './hostport-manager';
import { renderHostPortRules, type PodHostPorts } from './hostport-rules';

const CHAINS = { chain: 'K8TSHP-UNIT', nodeIp: '10.253.50.1', podCidr: '10.253.50.0/24' };
const web: PodHostPorts = {
  uid: 'u-web',
  name: 'default/web',
  podIp: '10.253.50.2',
  mappings: [{ hostPort: 18080, containerPort: 80, protocol: 'TCP' }],
};

/** A fake iptables: `-C` answers from `jumps`, iptables-save answers `saved`. */
function fakeIptables(opts: { saved?: string; jumps?: boolean } = {}) {
  return new RecordingRunner((line) => {
    if (line.startsWith('iptables-save')) return opts.saved ?? '';
    if (line.includes(' -C ') && !opts.jumps) return new CommandError(line, 'Bad rule', 1);
    if (line.includes(' -D ')) return new CommandError(line, 'Bad rule', 1);
    return '';
  });
}

const manager = (runner: RecordingRunner) => new HostPortManager({ ...CHAINS, runner });

describe('HostPortManager', () => {
  it('init creates the chains with one restore and adds each missing jump', async () => {
    const runner = fakeIptables();
    await manager(runner).init();
    expect(runner.commands).toEqual([
      'iptables-save -t nat',
      'iptables-restore -w 5 --noflush',
      'iptables -w 5 -t nat -C PREROUTING -d 10.253.50.1/32 -m comment --comment k8ts hostports -j K8TSHP-UNIT',
      'iptables -w 5 -t nat -A PREROUTING -d 10.253.50.1/32 -m comment --comment k8ts hostports -j K8TSHP-UNIT',
      'iptables -w 5 -t nat -C OUTPUT -d 10.253.50.1/32 -m comment --comment k8ts hostports -j K8TSHP-UNIT',
      'iptables -w 5 -t nat -A OUTPUT -d 10.253.50.1/32 -m comment --comment k8ts hostports -j K8TSHP-UNIT',
      'iptables -w 5 -t nat -C POSTROUTING -s 10.253.50.0/24 -m comment --comment k8ts hostports -j K8TSHP-UNIT-MASQ',
      'iptables -w 5 -t nat -A POSTROUTING -s 10.253.50.0/24 -m comment --comment k8ts hostports -j K8TSHP-UNIT-MASQ',
    ]);
    expect(runner.inputs).toEqual([renderHostPortRules(CHAINS, [])]);
  });

  it('init keeps the jumps that exist (idempotent) and adopts the rules already in the kernel', async () => {
    const saved = renderHostPortRules(CHAINS, [web]);
    const runner = fakeIptables({ saved, jumps: true });
    const m = manager(runner);
    await m.init();
    expect(runner.commands.filter((c) => c.includes(' -A '))).toEqual([]);
    expect(runner.inputs).toEqual([saved]);
    expect(m.list()).toEqual([web]);
  });

  it('set writes the whole rule set once; the same set again runs nothing', async () => {
    const runner = fakeIptables({ jumps: true });
    const m = manager(runner);
    await m.set(web);
    await m.set(structuredClone(web));
    expect(runner.commands).toEqual(['iptables-restore -w 5 --noflush']);
    expect(runner.inputs).toEqual([renderHostPortRules(CHAINS, [web])]);
  });

  it('a pod without host ports costs no command, on set up or tear down', async () => {
    const runner = fakeIptables();
    const m = manager(runner);
    await m.set({ ...web, mappings: [] });
    await m.remove('u-web');
    expect(runner.commands).toEqual([]);
  });

  it('remove rewrites the rules without the pod, once', async () => {
    const runner = fakeIptables();
    const m = manager(runner);
    const db = { ...web, uid: 'u-db', name: 'default/db', podIp: '10.253.50.3' };
    db.mappings = [{ hostPort: 5432, containerPort: 5432, protocol: 'TCP' }];
    await m.set(web);
    await m.set(db);
    await m.remove('u-web');
    await m.remove('u-web');
    expect(runner.inputs).toHaveLength(3);
    expect(runner.inputs[2]).toBe(renderHostPortRules(CHAINS, [db]));
  });

  it('refuses a host port another pod holds, and changes nothing', async () => {
    const runner = fakeIptables();
    const m = manager(runner);
    await m.set(web);
    const other = { ...web, uid: 'u-2', name: 'default/web2', podIp: '10.253.50.4' };
    await expect(m.set(other)).rejects.toThrow(HostPortConflictError);
    await expect(m.set(other)).rejects.toThrow(
      'hostPort 18080/TCP of pod default/web2 is already used by pod default/web on this node',
    );
    expect(runner.inputs).toHaveLength(1);
    expect(m.list()).toEqual([web]);
  });

  it('reconcile drops the rules of pods that are not running', async () => {
    const db = { ...web, uid: 'u-db', name: 'default/db', podIp: '10.253.50.3' };
    db.mappings = [{ hostPort: 5432, containerPort: 5432, protocol: 'TCP' }];
    const runner = fakeIptables({ saved: renderHostPortRules(CHAINS, [web, db]), jumps: true });
    const m = manager(runner);
    await m.init();
    await m.reconcile(['u-db', 'u-unrelated']);
    expect(runner.inputs.at(-1)).toBe(renderHostPortRules(CHAINS, [db]));
    const before = runner.commands.length;
    await m.reconcile(['u-db']);
    expect(runner.commands).toHaveLength(before);
  });

  it('destroy deletes every jump into our chains and both chains in one restore, and only ours', async () => {
    const saved = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':K8TSHP-UNIT - [0:0]',
      ':K8TSHP-UNIT-MASQ - [0:0]',
      ':OTHER - [0:0]',
      '-A PREROUTING -d 10.253.50.1/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-A PREROUTING -d 10.9.9.9/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-A PREROUTING -j OTHER',
      '-A OUTPUT -d 10.253.50.1/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-A POSTROUTING -s 10.253.50.0/24 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT-MASQ',
      renderHostPortRules(CHAINS, [web]),
    ].join('\n');
    const runner = fakeIptables({ saved });
    await manager(runner).destroy();
    expect(runner.commands).toEqual(['iptables-save -t nat', 'iptables-restore -w 5 --noflush']);
    expect(runner.inputs[0]!.split('\n')).toEqual([
      '*nat',
      '-D PREROUTING -d 10.253.50.1/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-D PREROUTING -d 10.9.9.9/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-D OUTPUT -d 10.253.50.1/32 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT',
      '-D POSTROUTING -s 10.253.50.0/24 -m comment --comment "k8ts hostports" -j K8TSHP-UNIT-MASQ',
      ':K8TSHP-UNIT - [0:0]',
      '-X K8TSHP-UNIT',
      ':K8TSHP-UNIT-MASQ - [0:0]',
      '-X K8TSHP-UNIT-MASQ',
      'COMMIT',
      '',
    ]);
  });

  it('removeHostPortChains does nothing when nothing of ours is there', async () => {
    const runner = fakeIptables({ saved: '*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n' });
    expect(await removeHostPortChains('K8TSHP-UNIT', runner)).toBe(false);
    expect(runner.commands).toEqual(['iptables-save -t nat']);
  });

  it('serializes concurrent changes: each restore sees the ones before it', async () => {
    const runner = fakeIptables();
    const m = manager(runner);
    const pods = [1, 2, 3].map((i) => ({
      ...web,
      uid: `u${i}`,
      name: `default/p${i}`,
      podIp: `10.253.50.${10 + i}`,
      mappings: [{ hostPort: 1000 + i, containerPort: 80, protocol: 'TCP' as const }],
    }));
    await Promise.all(pods.map((p) => m.set(p)));
    expect(runner.inputs.at(-1)).toBe(renderHostPortRules(CHAINS, pods));
  });

  it('refuses a bad node IP or chain name at construction', () => {
    expect(() => new HostPortManager({ nodeIp: 'nope' })).toThrow('invalid IPv4 address "nope"');
    expect(() => new HostPortManager({ nodeIp: '10.0.0.1', chain: 'bad name' })).toThrow(/chain name/);
  });
});
