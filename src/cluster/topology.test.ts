import { describe, expect, it } from 'vitest';
import { planTopology } from './topology';

const plan = (nodes: number) =>
  planTopology({
    nodes,
    hostBridge: 'k8tsmn0',
    nodeCidr: '10.251.0.0/24',
    clusterCidr: '10.250.0.0/16',
    netnsPrefix: 'k8tsmn-',
    nodeName: 'n',
  });

describe('multi-node topology plan', () => {
  it('puts the host at .1 of the node network, where the apiserver listens', () => {
    const t = plan(3);
    expect(t.hostAddress).toBe('10.251.0.1/24');
    expect(t.hostIp).toBe('10.251.0.1');
  });

  it('gives node i namespace <prefix><i>, veth <bridge>-<i>, address .(10+i) and the i-th /24 for pods', () => {
    const t = plan(3);
    expect(t.nodes.map((n) => [n.name, n.netns, n.hostVeth, n.ifName, n.ip, n.podCidr])).toEqual([
      ['n-1', 'k8tsmn-1', 'k8tsmn0-1', 'eth0', '10.251.0.11', '10.250.1.0/24'],
      ['n-2', 'k8tsmn-2', 'k8tsmn0-2', 'eth0', '10.251.0.12', '10.250.2.0/24'],
      ['n-3', 'k8tsmn-3', 'k8tsmn0-3', 'eth0', '10.251.0.13', '10.250.3.0/24'],
    ]);
  });

  it('routes every other node’s pod range via that node inside each node, and no default route', () => {
    const [n1, , n3] = plan(3).nodes;
    expect(n1!.routes).toEqual([
      { to: '10.250.2.0/24', via: '10.251.0.12' },
      { to: '10.250.3.0/24', via: '10.251.0.13' },
    ]);
    expect(n3!.routes.map((r) => r.to)).toEqual(['10.250.1.0/24', '10.250.2.0/24']);
    for (const n of plan(3).nodes) expect(n.routes.map((r) => r.to)).not.toContain('0.0.0.0/0');
  });

  it('routes each pod range via its node on the host, and guards the cluster and node ranges', () => {
    const t = plan(2);
    expect(t.hostRoutes).toEqual([
      { to: '10.250.1.0/24', via: '10.251.0.11' },
      { to: '10.250.2.0/24', via: '10.251.0.12' },
    ]);
    expect(t.guardedCidrs).toEqual(['10.250.0.0/16', '10.251.0.0/24']);
  });

  it('has one node with no routes to other nodes', () => {
    const t = plan(1);
    expect(t.nodes).toHaveLength(1);
    expect(t.nodes[0]!.routes).toEqual([]);
  });
});
