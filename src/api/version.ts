// Version facts. The apiserver reports minor "32" so that /usr/bin/kubectl (a dispatcher that picks its
// client by the server's major/minor) runs kubectl 1.32; see shared/reference/kubectl-wire.md §0.
export const K8TS_VERSION = '0.1.0';

export const KUBE_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-k8ts.0.1.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-25T00:00:00Z',
  goVersion: 'node' + process.versions.node,
  compiler: 'tsx',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
