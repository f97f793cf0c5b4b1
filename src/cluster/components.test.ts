import { describe, expect, it } from 'vitest';
import { COMPONENTS, componentSpec } from './components';
import { clusterPaths } from './paths';
import { resolveSettings } from './settings';
import { formatStatus } from './status';

const paths = clusterPaths('/tmp/k8ts-home');
const settings = resolveSettings(
  { port: 18080, bridge: 'k8tst0', podCidr: '10.253.7.0/24', nodeName: 'n1', kubeletPort: 18250 },
  undefined,
);
const argsOf = (name: (typeof COMPONENTS)[number]) =>
  componentSpec(name, paths, settings, '/tmp/k8ts-home/docker/docker.sock').args.join(' ');

describe('component flags', () => {
  it('starts the apiserver on the embedded store, on 127.0.0.1:<port>, with its data in $K8TS_HOME', () => {
    expect(argsOf('apiserver')).toBe(
      'apiserver --store sqlite --data-dir /tmp/k8ts-home/data --insecure-port 18080',
    );
  });

  it('points the controller-manager and scheduler at the apiserver', () => {
    expect(argsOf('controller-manager')).toContain('--master http://127.0.0.1:18080');
    expect(argsOf('controller-manager')).toContain('--cluster-cidr 10.253.7.0/24');
    expect(argsOf('scheduler')).toBe('scheduler --master http://127.0.0.1:18080');
  });

  it('runs the kubelet on our dockerd and bridge, with the bridge address as the node IP', () => {
    const args = argsOf('kubelet');
    expect(args).toContain('--docker-endpoint unix:///tmp/k8ts-home/docker/docker.sock');
    expect(args).toContain('--bridge k8tst0');
    expect(args).toContain('--pod-cidr 10.253.7.0/24');
    expect(args).toContain('--node-ip 10.253.7.1');
    expect(args).toContain('--hostname-override n1');
    expect(args).toContain('--port 18250');
  });
});

describe('status', () => {
  it('shows each component with its PID, running or not', () => {
    const text = formatStatus([
      { name: 'apiserver', pid: 123 },
      { name: 'kubelet', pid: undefined },
    ]);
    expect(text).toMatch(/^apiserver\s+123\s+running$/m);
    expect(text).toMatch(/^kubelet\s+-\s+not running$/m);
  });
});
