import { describe, expect, it } from 'vitest';
import { clusterRangeOf } from './components';
import { nodeFilesOf } from './join-credentials';
import { planJoinComponents, type JoinSettings } from './join-plan';

const settings: JoinSettings = {
  server: 'https://10.231.1.1:6443',
  nodeName: 'h2',
  nodeIp: '10.233.0.2',
  podCidr: '10.231.2.0/24',
  bridge: 'k8tsjn1',
  serviceCidr: '10.232.0.0/24',
  clusterCidr: '',
  clusterDns: '10.232.0.10',
  clusterDomain: 'cluster.local',
  kubeletPort: 10250,
  proxyMode: 'userspace',
  proxyHealthzPort: 10256,
};

describe('what a joined host runs', () => {
  const home = '/var/lib/k8ts-node';
  const files = nodeFilesOf(home);

  it('a kubelet on the node’s certificates, pod range, address and its own dockerd', () => {
    const [kubelet] = planJoinComponents(home, settings, files);
    expect(kubelet!.name).toBe('kubelet');
    expect(kubelet!.netns).toBeUndefined();
    expect(kubelet!.args.join(' ')).toBe(
      [
        'kubelet --kubeconfig /var/lib/k8ts-node/kubeconfig --hostname-override h2',
        '--tls-cert-file /var/lib/k8ts-node/pki/kubelet.crt --tls-private-key-file /var/lib/k8ts-node/pki/kubelet.key',
        '--client-ca-file /var/lib/k8ts-node/pki/ca.crt',
        '--docker-endpoint unix:///var/lib/k8ts-node/docker/docker.sock',
        '--root-dir /var/lib/k8ts-node/kubelet --pod-cidr 10.231.2.0/24 --bridge k8tsjn1',
        '--node-ip 10.233.0.2 --port 10250 --cluster-domain cluster.local --cluster-dns 10.232.0.10',
        '--hostport-chain K8TS-HP-k8tsjn1',
      ].join(' '),
    );
  });

  it('a proxy with the same kubeconfig, the cluster’s service range and node ports on the node address', () => {
    const proxy = planJoinComponents(home, { ...settings, clusterCidr: '10.231.0.0/16' }, files)[1]!;
    expect(proxy.args.join(' ')).toBe(
      'proxy --kubeconfig /var/lib/k8ts-node/kubeconfig --proxy-mode userspace --hostname-override h2 --service-cluster-ip-range 10.232.0.0/24 --cluster-cidr 10.231.0.0/16 --nodeport-addresses 10.233.0.2 --healthz-bind-address 127.0.0.1:10256',
    );
    expect(planJoinComponents(home, settings, files, false)).toHaveLength(1);
  });
});

describe('the first host’s controller-manager range', () => {
  it('is the whole cluster range when it holds the one node’s range, so joined hosts get the rest', () => {
    expect(clusterRangeOf({ nodes: 1, podCidr: '10.231.1.0/24', clusterCidr: '10.231.0.0/16' })).toBe(
      '10.231.0.0/16',
    );
  });

  it('stays the node’s own range when the cluster range does not hold it (as before join existed)', () => {
    expect(clusterRangeOf({ nodes: 1, podCidr: '10.253.7.0/24', clusterCidr: '10.244.0.0/16' })).toBe(
      '10.253.7.0/24',
    );
    expect(clusterRangeOf({ nodes: 3, podCidr: '10.253.7.0/24', clusterCidr: '10.250.0.0/16' })).toBe(
      '10.250.0.0/16',
    );
  });
});
