import { describe, expect, it } from 'vitest';
import {
  clusterDnsIp,
  dnsAddressOf,
  kubernetesServiceIp,
  nodesOf,
  planComponents,
  serverOf,
  type ComponentAuth,
} from './components';
import type { ClusterCredentials } from './credentials';
import type { ClusterKubeconfigs } from './kubeconfig';
import { clusterPaths } from './paths';
import { resolveSettings, type ClusterSettings } from './settings';
import { formatStatus } from './status';

const paths = clusterPaths('/tmp/k8ts-home');
const one = resolveSettings(
  {
    port: 18080,
    bridge: 'k8tst0',
    podCidr: '10.253.7.0/24',
    nodeName: 'n1',
    kubeletPort: 18250,
    serviceCidr: '10.253.8.0/24',
  },
  undefined,
);
const three = resolveSettings(
  {
    nodes: 3,
    port: 18080,
    nodeName: 'mn',
    hostBridge: 'k8tsmn0',
    nodeCidr: '10.251.0.0/24',
    clusterCidr: '10.250.0.0/16',
    serviceCidr: '10.249.0.0/16',
    netnsPrefix: 'k8tsmn-',
    proxyMode: 'iptables',
    proxyHealthzPort: 19256,
  },
  undefined,
);
/** The credential files as ensureClusterCredentials names them (the flags carry paths, never secrets). */
function authOf(s: ClusterSettings): ComponentAuth {
  const h = '/tmp/k8ts-home';
  const names = nodesOf(s).map((n) => n.name);
  const credentials = {
    pki: {
      caCert: `${h}/pki/ca.crt`,
      servingCert: `${h}/pki/apiserver.crt`,
      servingKey: `${h}/pki/apiserver.key`,
    },
    tokenFile: `${h}/tokens.csv`,
    basicAuthFile: `${h}/basic_auth.csv`,
    kubeletClient: { cert: `${h}/pki/kubelet-client.crt`, key: `${h}/pki/kubelet-client.key` },
    nodes: names.map((name) => ({
      name,
      serving: { cert: `${h}/pki/kubelet-${name}.crt`, key: `${h}/pki/kubelet-${name}.key` },
    })),
  } as unknown as ClusterCredentials;
  const component = (c: string) => `${h}/kubeconfigs/${c}.kubeconfig`;
  const kubeconfigs: ClusterKubeconfigs = {
    admin: `${h}/kubeconfig`,
    components: {
      scheduler: component('scheduler'),
      'controller-manager': component('controller-manager'),
      proxy: component('proxy'),
      dns: component('dns'),
    },
    nodes: Object.fromEntries(names.map((n) => [n, component(`node-${n}`)])),
  };
  return { credentials, kubeconfigs };
}
const plan = (s: ClusterSettings, withProxy = true, withDns = true) =>
  planComponents(paths, s, { withProxy, withDns, auth: authOf(s) });
const argsOf = (s: ClusterSettings, name: string) =>
  plan(s)
    .find((c) => c.name === name)!
    .args.join(' ');

describe('one-node cluster components', () => {
  it('runs the control plane, then the kubelet and proxy in the host network namespace', () => {
    expect(plan(one).map((c) => [c.name, c.netns])).toEqual([
      ['apiserver', undefined],
      ['controller-manager', undefined],
      ['scheduler', undefined],
      ['dns', undefined],
      ['kubelet', undefined],
      ['proxy', undefined],
    ]);
    expect(plan(one, false).map((c) => c.name)).not.toContain('proxy');
    expect(plan(one, true, false).map((c) => c.name)).not.toContain('dns');
  });

  it('serves DNS on the node bridge gateway, and points the kubelet at the 10th service address', () => {
    expect(dnsAddressOf(one)).toBe('10.253.7.1');
    expect(clusterDnsIp(one)).toBe('10.253.8.10');
    expect(argsOf(one, 'dns')).toBe(
      'dns --kubeconfig /tmp/k8ts-home/kubeconfigs/dns.kubeconfig --bind-address 10.253.7.1 --port 53 --cluster-domain cluster.local --health-bind-address 127.0.0.1:8081',
    );
    expect(argsOf(one, 'kubelet')).toContain('--cluster-domain cluster.local --cluster-dns 10.253.8.10');
    // Without a DNS server, pods get no cluster nameserver.
    expect(plan(one, true, false).find((c) => c.name === 'kubelet')!.args).not.toContain('--cluster-dns');
  });

  it('starts the apiserver on the embedded store, HTTPS only on the bridge address, with its data in $K8TS_HOME', () => {
    expect(serverOf(one)).toBe('https://10.253.7.1:18080');
    expect(kubernetesServiceIp(one)).toBe('10.253.8.1');
    const args = argsOf(one, 'apiserver');
    expect(args).toMatch(
      /^apiserver --store sqlite --data-dir \/tmp\/k8ts-home\/data --service-cluster-ip-range 10.253.8.0\/24 /,
    );
    expect(args).toContain('--secure-port 18080 --bind-address 10.253.7.1');
    expect(args).toContain('--tls-cert-file /tmp/k8ts-home/pki/apiserver.crt');
    expect(args).toContain('--token-auth-file /tmp/k8ts-home/tokens.csv');
    expect(args).toContain('--basic-auth-file /tmp/k8ts-home/basic_auth.csv');
    expect(args).toContain('--kubelet-client-certificate /tmp/k8ts-home/pki/kubelet-client.crt');
    expect(args).not.toContain('--insecure');
  });

  it('gives the controller-manager and scheduler their own kubeconfigs, the node range as the cluster range', () => {
    expect(argsOf(one, 'controller-manager')).toBe(
      'controller-manager --kubeconfig /tmp/k8ts-home/kubeconfigs/controller-manager.kubeconfig --cluster-cidr 10.253.7.0/24 --port 10252',
    );
    expect(argsOf(one, 'scheduler')).toBe(
      'scheduler --kubeconfig /tmp/k8ts-home/kubeconfigs/scheduler.kubeconfig --port 10251',
    );
    for (const c of plan(one)) expect(c.args).not.toContain('--master');
  });

  it('runs the kubelet on our dockerd and bridge, with the bridge address as the node IP', () => {
    const args = argsOf(one, 'kubelet');
    expect(args).toContain('--docker-endpoint unix:///tmp/k8ts-home/docker/docker.sock');
    expect(args).toContain('--root-dir /tmp/k8ts-home/kubelet');
    expect(args).toContain('--bridge k8tst0');
    expect(args).toContain('--pod-cidr 10.253.7.0/24');
    expect(args).toContain('--node-ip 10.253.7.1');
    expect(args).toContain('--hostname-override n1');
    expect(args).toContain('--port 18250');
    // Its node's identity towards the apiserver, and HTTPS with its node's certificate for `logs`/`exec`.
    expect(args).toContain('--kubeconfig /tmp/k8ts-home/kubeconfigs/node-n1.kubeconfig');
    expect(args).toContain(
      '--tls-cert-file /tmp/k8ts-home/pki/kubelet-n1.crt --tls-private-key-file /tmp/k8ts-home/pki/kubelet-n1.key --client-ca-file /tmp/k8ts-home/pki/ca.crt',
    );
    expect(args).not.toContain('--api-servers');
  });

  it('runs the proxy in the default mode with the service range and the node address', () => {
    expect(argsOf(one, 'proxy')).toBe(
      'proxy --kubeconfig /tmp/k8ts-home/kubeconfigs/proxy.kubeconfig --proxy-mode userspace --hostname-override n1 --service-cluster-ip-range 10.253.8.0/24 --cluster-cidr 10.253.7.0/24 --nodeport-addresses 10.253.7.1 --healthz-bind-address 127.0.0.1:10256',
    );
  });
});

describe('multi-node cluster components', () => {
  it('runs each node’s kubelet and proxy inside its namespace, after the control plane', () => {
    expect(plan(three).map((c) => [c.name, c.netns ?? '-'])).toEqual([
      ['apiserver', '-'],
      ['controller-manager', '-'],
      ['scheduler', '-'],
      ['dns', '-'],
      ['kubelet-1', 'k8tsmn-1'],
      ['proxy-1', 'k8tsmn-1'],
      ['kubelet-2', 'k8tsmn-2'],
      ['proxy-2', 'k8tsmn-2'],
      ['kubelet-3', 'k8tsmn-3'],
      ['proxy-3', 'k8tsmn-3'],
    ]);
  });

  it('serves the API on the host bridge address, which the namespaces can reach', () => {
    expect(serverOf(three)).toBe('https://10.251.0.1:18080');
    expect(argsOf(three, 'apiserver')).toContain('--secure-port 18080 --bind-address 10.251.0.1');
  });

  it('gives the controller-manager the cluster range, of which each kubelet’s pod range is its node’s /24', () => {
    expect(argsOf(three, 'controller-manager')).toContain('--cluster-cidr 10.250.0.0/16');
    const k2 = argsOf(three, 'kubelet-2');
    expect(k2).toContain('--hostname-override mn-2');
    expect(k2).toContain('--pod-cidr 10.250.2.0/24');
    expect(k2).toContain('--node-ip 10.251.0.12');
    expect(k2).toContain('--kubeconfig /tmp/k8ts-home/kubeconfigs/node-mn-2.kubeconfig');
    expect(k2).toContain('--tls-cert-file /tmp/k8ts-home/pki/kubelet-mn-2.crt');
    expect(k2).toContain('--root-dir /tmp/k8ts-home/nodes/2/kubelet');
    // One dockerd for all nodes.
    expect(k2).toContain('--docker-endpoint unix:///tmp/k8ts-home/docker/docker.sock');
    expect(k2).toContain('--bridge cbr0');
  });

  it('serves DNS on the host bridge address, which every node reaches, behind the 10th service address', () => {
    expect(argsOf(three, 'dns')).toContain('--bind-address 10.251.0.1 --port 53');
    expect(argsOf(three, 'kubelet-1')).toContain('--cluster-dns 10.249.0.10');
  });

  it('runs each node’s proxy against the host bridge address with that node’s address for NodePorts', () => {
    expect(argsOf(three, 'proxy-3')).toBe(
      'proxy --kubeconfig /tmp/k8ts-home/kubeconfigs/proxy.kubeconfig --proxy-mode iptables --hostname-override mn-3 --service-cluster-ip-range 10.249.0.0/16 --cluster-cidr 10.250.0.0/16 --nodeport-addresses 10.251.0.13 --healthz-bind-address 127.0.0.1:19256',
    );
  });
});

describe('status', () => {
  it('shows each component with its PID, running or not', () => {
    const text = formatStatus([
      { name: 'apiserver', pid: 123 },
      { name: 'kubelet-2', pid: undefined },
    ]);
    expect(text).toMatch(/^apiserver\s+123\s+running$/m);
    expect(text).toMatch(/^kubelet-2\s+-\s+not running$/m);
  });
});

describe('the store', () => {
  const withStore = (f: Partial<ClusterSettings>) => resolveSettings({ ...one, ...f }, undefined);

  it('starts one local etcd on loopback before the apiserver, which gets --store etcd', () => {
    const s = withStore({ store: 'etcd', etcdPort: 12379 });
    expect(
      plan(s)
        .map((c) => c.name)
        .slice(0, 2),
    ).toEqual(['etcd', 'apiserver']);
    const etcd = plan(s)[0]!;
    expect(etcd.command).toBe('etcd');
    expect(etcd.args.join(' ')).toContain(
      '--name etcd --data-dir /tmp/k8ts-home/etcd/etcd --listen-client-urls http://127.0.0.1:12379',
    );
    expect(etcd.args.join(' ')).toContain('--initial-cluster etcd=http://127.0.0.1:12380');
    expect(argsOf(s, 'apiserver')).toMatch(
      /^apiserver --store etcd --etcd-servers http:\/\/127.0.0.1:12379 /,
    );
  });

  it('starts 3 members with their own ports that know each other, the apiserver given all 3', () => {
    const s = withStore({ store: 'etcd', etcdMembers: 3, etcdPort: 12379 });
    expect(
      plan(s)
        .filter((c) => c.verb === 'etcd')
        .map((c) => c.name),
    ).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(argsOf(s, 'etcd-2')).toContain('--listen-client-urls http://127.0.0.1:12381');
    expect(argsOf(s, 'etcd-3')).toContain(
      '--initial-cluster etcd-1=http://127.0.0.1:12380,etcd-2=http://127.0.0.1:12382,etcd-3=http://127.0.0.1:12384',
    );
    expect(argsOf(s, 'apiserver')).toContain(
      '--etcd-servers http://127.0.0.1:12379,http://127.0.0.1:12381,http://127.0.0.1:12383',
    );
  });

  it('starts no etcd with --etcd-servers, and none with the embedded store', () => {
    const s = withStore({ store: 'etcd', etcdServers: 'http://10.0.0.5:2379' });
    expect(plan(s).some((c) => c.verb === 'etcd')).toBe(false);
    expect(argsOf(s, 'apiserver')).toContain('--store etcd --etcd-servers http://10.0.0.5:2379');
    expect(plan(one).some((c) => c.verb === 'etcd')).toBe(false);
  });
});
