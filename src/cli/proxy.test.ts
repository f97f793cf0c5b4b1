import { describe, expect, it } from 'vitest';
import { type ProxyFlags, nodeAddresses, proxySettings } from './proxy';

const defaults: ProxyFlags = {
  proxyMode: 'userspace',
  serviceClusterIpRange: '10.96.0.0/16',
  clusterCidr: '10.244.0.0/16',
  healthzBindAddress: '127.0.0.1:10256',
  syncPeriod: '30s',
};

describe('proxySettings', () => {
  it('reads the defaults, naming the node after the host', () => {
    expect(proxySettings(defaults, 'Node-1.example')).toEqual({
      mode: 'userspace',
      nodeName: 'node-1.example',
      serviceCidr: '10.96.0.0/16',
      clusterCidr: '10.244.0.0/16',
      nodePortAddresses: undefined,
      healthz: { host: '127.0.0.1', port: 10256 },
      syncPeriodMs: 30_000,
    });
  });

  it('takes the overrides', () => {
    const s = proxySettings(
      {
        ...defaults,
        proxyMode: 'iptables',
        hostnameOverride: 'n2',
        nodeportAddresses: '10.240.0.2, 127.0.0.1',
        healthzBindAddress: '',
        syncPeriod: '1m30s',
      },
      'host',
    );
    expect(s).toMatchObject({
      mode: 'iptables',
      syncPeriodMs: 90_000,
      nodeName: 'n2',
      nodePortAddresses: ['10.240.0.2', '127.0.0.1'],
    });
    expect(s.healthz).toBeUndefined();
  });

  const bad: [Partial<ProxyFlags>, string][] = [
    [{ proxyMode: 'ipvs' }, '--proxy-mode must be userspace or iptables, not "ipvs"'],
    [
      { serviceClusterIpRange: '10.96.0.1/16' },
      'invalid --service-cluster-ip-range "10.96.0.1/16": host bits are set',
    ],
    [{ clusterCidr: '10.244.0.0' }, 'invalid --cluster-cidr "10.244.0.0"'],
    [{ nodeportAddresses: '10.240.0.300' }, 'invalid IPv4 address "10.240.0.300"'],
    [
      { healthzBindAddress: '10256' },
      '--healthz-bind-address must be IP:PORT (e.g. 127.0.0.1:10256), not "10256"',
    ],
    [{ healthzBindAddress: '127.0.0.1:70000' }, '--healthz-bind-address must be IP:PORT'],
    [{ syncPeriod: '30' }, 'invalid --sync-period "30": want a duration such as 20s'],
  ];
  for (const [flags, message] of bad)
    it(`rejects ${JSON.stringify(flags)}`, () => {
      expect(() => proxySettings({ ...defaults, ...flags }, 'h')).toThrow(message);
    });
});

describe('nodeAddresses', () => {
  it('lists the IPv4 addresses of the node, not loopback or IPv6, once each', () => {
    const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({
      address,
      family,
      internal,
      netmask: '',
      mac: '',
      cidr: null,
      ...(family === 'IPv6' ? { scopeid: 0 } : {}),
    });
    expect(
      nodeAddresses({
        lo: [iface('127.0.0.1', 'IPv4', true)],
        eth0: [iface('10.240.0.2', 'IPv4'), iface('fe80::1', 'IPv6')],
        cbr0: [iface('10.244.1.1', 'IPv4')],
        dup: [iface('10.240.0.2', 'IPv4')],
      } as never),
    ).toEqual(['10.240.0.2', '10.244.1.1']);
  });
});
