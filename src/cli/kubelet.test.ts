import { describe, expect, it } from 'vitest';
import { podDnsOptions } from './kubelet';

describe('podDnsOptions (--cluster-dns, --cluster-domain)', () => {
  it('splits the server list and defaults the domain to cluster.local', () => {
    expect(podDnsOptions({ clusterDns: '10.96.0.10, 10.96.0.11,' })).toEqual({
      clusterDns: ['10.96.0.10', '10.96.0.11'],
      clusterDomain: 'cluster.local',
    });
  });

  it('means no cluster DNS without the flag, and drops a trailing dot of the domain', () => {
    expect(podDnsOptions({ clusterDomain: 'k8ts.test.' })).toEqual({
      clusterDns: [],
      clusterDomain: 'k8ts.test',
    });
  });

  it('refuses an address that is not IPv4 and a domain that is not a DNS name', () => {
    expect(() => podDnsOptions({ clusterDns: 'dns.local' })).toThrow('invalid IPv4 address "dns.local"');
    expect(() => podDnsOptions({ clusterDomain: 'Bad_Domain' })).toThrow(
      'invalid --cluster-domain "Bad_Domain": must be a DNS domain',
    );
  });
});
