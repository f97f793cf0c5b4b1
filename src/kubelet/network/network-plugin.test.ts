import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from './command-runner';
import { HostPortManager } from './hostport-manager';
import { BridgeNetworkPlugin, hostVethName } from './network-plugin';

const gone = (line: string) => new CommandError(line, 'Cannot find device "x"', 1);

describe('BridgeNetworkPlugin', () => {
  it('creates the bridge with the gateway address when it is missing', async () => {
    const runner = new RecordingRunner((l) => (l.startsWith('ip link show') ? gone(l) : ''));
    await new BridgeNetworkPlugin({ bridge: 'tbr0', cidr: '10.244.7.0/24', runner }).init();
    expect(runner.commands).toEqual([
      'ip link show dev tbr0',
      'ip link add tbr0 type bridge',
      'ip addr replace 10.244.7.1/24 dev tbr0',
      'ip link set tbr0 up',
    ]);
  });

  it('keeps an existing bridge (idempotent start)', async () => {
    const runner = new RecordingRunner();
    await new BridgeNetworkPlugin({ bridge: 'tbr0', cidr: '10.244.7.0/24', runner }).init();
    expect(runner.commands).not.toContain('ip link add tbr0 type bridge');
  });

  it('wires a pod in two processes: veth into the netns as eth0 on the bridge, then address, lo, default route', async () => {
    const runner = new RecordingRunner();
    const plugin = new BridgeNetworkPlugin({
      bridge: 'tbr0',
      cidr: '10.244.7.0/24',
      vethPrefix: 'vt',
      runner,
    });
    await plugin.setUpPod({ podUid: 'uid-1', netnsPath: '/proc/42/ns/net', podIp: '10.244.7.9' });
    const veth = hostVethName('uid-1', 'vt');
    expect(runner.calls).toEqual([
      {
        line: 'ip -batch -',
        input:
          `link add ${veth} type veth peer name eth0 netns /proc/42/ns/net\n` +
          `link set ${veth} master tbr0 up\n` +
          `link set ${veth} type bridge_slave hairpin on\n`,
      },
      {
        line: 'nsenter --net=/proc/42/ns/net ip -batch -',
        input:
          'link set lo up\n' +
          'addr add 10.244.7.9/24 dev eth0\n' +
          'link set eth0 up\n' +
          'route replace default via 10.244.7.1 dev eth0\n',
      },
    ]);
  });

  it('removes a leftover veth of an interrupted set-up and wires the pod again', async () => {
    let first = true;
    const runner = new RecordingRunner((l) => {
      if (l !== 'ip -batch -' || !first) return '';
      first = false;
      return new CommandError(l, 'RTNETLINK answers: File exists\nCommand failed -:1', 1);
    });
    const plugin = new BridgeNetworkPlugin({
      bridge: 'tbr0',
      cidr: '10.244.7.0/24',
      vethPrefix: 'vt',
      runner,
    });
    await plugin.setUpPod({ podUid: 'uid-1', netnsPath: '/proc/42/ns/net', podIp: '10.244.7.9' });
    expect(runner.commands).toEqual([
      'ip -batch -',
      `ip link del ${hostVethName('uid-1', 'vt')}`,
      'ip -batch -',
      'nsenter --net=/proc/42/ns/net ip -batch -',
    ]);
  });

  it('fails a set-up the kernel refuses, without trying the pod side', async () => {
    const runner = new RecordingRunner((l) =>
      l === 'ip -batch -' ? new CommandError(l, 'RTNETLINK answers: Operation not permitted', 2) : '',
    );
    const plugin = new BridgeNetworkPlugin({ bridge: 'tbr0', cidr: '10.244.7.0/24', runner });
    await expect(
      plugin.setUpPod({ podUid: 'uid-1', netnsPath: '/proc/42/ns/net', podIp: '10.244.7.9' }),
    ).rejects.toThrow('Operation not permitted');
    expect(runner.commands).toEqual(['ip -batch -']);
  });

  it('tears down idempotently, and reports real failures', async () => {
    const plugin = new BridgeNetworkPlugin({
      bridge: 'tbr0',
      cidr: '10.244.7.0/24',
      runner: new RecordingRunner((l) => gone(l)),
    });
    await expect(plugin.tearDownPod('uid-1')).resolves.toBeUndefined();
    const broken = new BridgeNetworkPlugin({
      bridge: 'tbr0',
      cidr: '10.244.7.0/24',
      runner: new RecordingRunner((l) => new CommandError(l, 'Operation not permitted', 2)),
    });
    await expect(broken.tearDownPod('uid-1')).rejects.toThrow('Operation not permitted');
  });
});

describe('BridgeNetworkPlugin with host ports', () => {
  const setUp = async (runner: RecordingRunner) => {
    const hostPorts = new HostPortManager({ nodeIp: '10.240.0.2', chain: 'HP-UNIT', runner });
    const plugin = new BridgeNetworkPlugin({ bridge: 'tbr0', cidr: '10.244.7.0/24', runner, hostPorts });
    await plugin.setUpPod({
      podUid: 'uid-1',
      netnsPath: '/proc/42/ns/net',
      podIp: '10.244.7.9',
      podName: 'default/web',
      hostPorts: [{ hostPort: 18080, containerPort: 80, protocol: 'TCP' }],
    });
    return plugin;
  };

  it("opens the pod's host ports after wiring it, and closes them on tear down", async () => {
    const runner = new RecordingRunner();
    const plugin = await setUp(runner);
    expect(runner.commands.at(-1)).toBe('iptables-restore -w 5 --noflush');
    const restores = runner.calls.filter((c) => c.line.startsWith('iptables-restore')).map((c) => c.input);
    expect(restores[0]).toContain(
      '-A HP-UNIT -d 10.240.0.2/32 -p tcp -m tcp --dport 18080 -m comment --comment "k8ts-hostport uid-1 default/web" -j DNAT --to-destination 10.244.7.9:80',
    );
    await plugin.tearDownPod('uid-1');
    expect(runner.calls.filter((c) => c.line.startsWith('iptables-restore'))[1]?.input).toBe(
      '*nat\n:HP-UNIT - [0:0]\nCOMMIT\n',
    );
    expect(runner.commands.at(-1)).toBe(`ip link del ${hostVethName('uid-1')}`);
  });

  it('reconcile at start drops the host ports of pods that are gone', async () => {
    const runner = new RecordingRunner();
    const plugin = await setUp(runner);
    const restores = () => runner.calls.filter((c) => c.line.startsWith('iptables-restore'));
    await plugin.reconcile(['uid-1']);
    expect(restores()).toHaveLength(1);
    await plugin.reconcile([]);
    expect(restores()[1]?.input).toBe('*nat\n:HP-UNIT - [0:0]\nCOMMIT\n');
  });
});

describe('hostVethName', () => {
  it('is stable per pod, distinct across pods and within the 15-character limit', () => {
    expect(hostVethName('a')).toBe(hostVethName('a'));
    expect(hostVethName('a')).not.toBe(hostVethName('b'));
    expect(hostVethName('a')).toMatch(/^veth[0-9a-f]{11}$/);
    expect(hostVethName('a', 'k8tstest')).toHaveLength(15);
  });
});
