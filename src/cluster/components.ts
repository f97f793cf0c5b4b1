// The processes of a single-node local cluster, in start order, and the flags each gets from the settings.
// `down` stops them in reverse. dockerd is not here: it is started and stopped through node-runtime.ts.
import path from 'node:path';
import { gatewayOf } from '../kubelet/network';
import type { ClusterPaths } from './paths';
import type { ClusterSettings } from './settings';
import type { ComponentSpec } from './processes';

export const COMPONENTS = ['apiserver', 'controller-manager', 'scheduler', 'kubelet'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export const serverOf = (s: ClusterSettings): string => `http://127.0.0.1:${s.port}`;

export function componentSpec(
  name: ComponentName,
  paths: ClusterPaths,
  s: ClusterSettings,
  dockerSocket: string,
): ComponentSpec {
  const master = serverOf(s);
  switch (name) {
    case 'apiserver':
      return {
        name,
        args: ['apiserver', '--store', 'sqlite', '--data-dir', paths.data, '--insecure-port', String(s.port)],
      };
    case 'controller-manager':
      // One node with one /24: the cluster range is the node's range, so the allocator agrees with the kubelet.
      return { name, args: ['controller-manager', '--master', master, '--cluster-cidr', s.podCidr] };
    case 'scheduler':
      return { name, args: ['scheduler', '--master', master] };
    case 'kubelet':
      return {
        name,
        args: [
          'kubelet',
          '--api-servers',
          master,
          '--hostname-override',
          s.nodeName,
          '--docker-endpoint',
          `unix://${dockerSocket}`,
          '--root-dir',
          path.join(paths.home, 'kubelet'),
          '--pod-cidr',
          s.podCidr,
          '--bridge',
          s.bridge,
          // The bridge address: an address we created, so the apiserver reaches the kubelet without ever
          // sending traffic to the host's own network.
          '--node-ip',
          gatewayOf(s.podCidr),
          '--port',
          String(s.kubeletPort),
        ],
      };
  }
}
