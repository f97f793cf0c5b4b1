import { describe, expect, it } from 'vitest';
import type { Pod, PodSpec } from '../../api/types';
import { parseResolvConf, podDnsConfig, renderResolvConf, type ClusterDnsSettings } from './dns-config';

const HOST = `# written by the node
nameserver 10.255.255.53
nameserver 10.255.255.54 ; a comment
search corp.example lab.example
options timeout:2 edns0
`;

const cluster: ClusterDnsSettings = { clusterDns: ['10.96.0.10'], clusterDomain: 'cluster.local' };
const noClusterDns: ClusterDnsSettings = { clusterDns: [], clusterDomain: 'cluster.local' };

const pod = (spec: Partial<PodSpec> = {}, namespace = 'shop'): Pod => ({
  metadata: { name: 'web', namespace, uid: 'u1' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

const resolv = (p: Pod, settings = cluster, host = HOST) => renderResolvConf(podDnsConfig(p, settings, host));

describe('parseResolvConf', () => {
  it('reads nameservers, the last search line and options; drops comments', () => {
    expect(parseResolvConf(`${HOST}search only.example\n`)).toEqual({
      nameservers: ['10.255.255.53', '10.255.255.54'],
      searches: ['only.example'],
      options: ['timeout:2', 'edns0'],
    });
  });

  it('treats an empty or missing file as no resolver', () => {
    expect(parseResolvConf('')).toEqual({ nameservers: [], searches: [], options: [] });
  });
});

describe('podDnsConfig → resolv.conf', () => {
  const table: { name: string; pod: Pod; settings?: ClusterDnsSettings; want: string }[] = [
    {
      name: 'ClusterFirst (the default) with cluster DNS: cluster server, namespace search path, ndots:5',
      pod: pod(),
      want:
        'nameserver 10.96.0.10\n' +
        'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\n' +
        'options ndots:5\n',
    },
    {
      name: 'ClusterFirst in another namespace and domain (trailing dot dropped)',
      pod: pod({ dnsPolicy: 'ClusterFirst' }, 'default'),
      settings: { clusterDns: ['10.253.50.1', '10.253.50.2'], clusterDomain: 'k8ts.test.' },
      want:
        'nameserver 10.253.50.1\nnameserver 10.253.50.2\n' +
        'search default.svc.k8ts.test svc.k8ts.test k8ts.test corp.example lab.example\n' +
        'options ndots:5\n',
    },
    {
      name: 'ClusterFirst without --cluster-dns falls back to the node resolver',
      pod: pod(),
      settings: noClusterDns,
      want:
        'nameserver 10.255.255.53\nnameserver 10.255.255.54\n' +
        'search corp.example lab.example\noptions timeout:2 edns0\n',
    },
    {
      name: 'Default copies the node resolver even with cluster DNS',
      pod: pod({ dnsPolicy: 'Default' }),
      want:
        'nameserver 10.255.255.53\nnameserver 10.255.255.54\n' +
        'search corp.example lab.example\noptions timeout:2 edns0\n',
    },
    {
      name: 'ClusterFirst on the host network uses the node resolver',
      pod: pod({ hostNetwork: true }),
      want:
        'nameserver 10.255.255.53\nnameserver 10.255.255.54\n' +
        'search corp.example lab.example\noptions timeout:2 edns0\n',
    },
    {
      name: 'ClusterFirstWithHostNet on the host network uses the cluster',
      pod: pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      want:
        'nameserver 10.96.0.10\n' +
        'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example\n' +
        'options ndots:5\n',
    },
    {
      name: 'None takes spec.dnsConfig only',
      pod: pod({
        dnsPolicy: 'None',
        dnsConfig: {
          nameservers: ['1.2.3.4'],
          searches: ['ns1.svc.cluster-domain.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
        },
      }),
      want: 'nameserver 1.2.3.4\nsearch ns1.svc.cluster-domain.example\noptions ndots:2 edns0\n',
    },
    {
      name: 'None without dnsConfig gives an empty file',
      pod: pod({ dnsPolicy: 'None' }),
      want: '',
    },
    {
      name: 'dnsConfig is appended to ClusterFirst: duplicates dropped, options merged by name (pod wins)',
      pod: pod({
        dnsConfig: {
          nameservers: ['10.96.0.10', '10.0.0.99'],
          searches: ['svc.cluster.local', 'extra.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'single-request' }],
        },
      }),
      settings: cluster,
      want:
        'nameserver 10.96.0.10\nnameserver 10.0.0.99\n' +
        'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example extra.example\n' +
        'options ndots:2 single-request\n',
    },
    {
      name: 'lists are trimmed to 3 nameservers and 6 search domains',
      pod: pod({
        dnsPolicy: 'Default',
        dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2'], searches: ['a', 'b', 'c', 'd', 'e'] },
      }),
      want:
        'nameserver 10.255.255.53\nnameserver 10.255.255.54\nnameserver 1.1.1.1\n' +
        'search corp.example lab.example a b c d\noptions timeout:2 edns0\n',
    },
  ];

  it.each(table)('$name', ({ pod: p, settings, want }) => {
    expect(resolv(p, settings)).toBe(want);
  });

  it('a pod without a namespace searches default', () => {
    const p = pod();
    delete p.metadata!.namespace;
    expect(resolv(p, cluster, '')).toContain(
      'search default.svc.cluster.local svc.cluster.local cluster.local\n',
    );
  });
});
