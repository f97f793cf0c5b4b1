// The cluster's kubeconfig at $K8TS_HOME/kubeconfig (never ~/.kube/config), mode 0600.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ClusterPaths } from './paths';

export function writeKubeconfig(paths: ClusterPaths, server: string): void {
  mkdirSync(paths.home, { recursive: true });
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: k8ts',
    '  cluster:',
    `    server: ${server}`,
    'contexts:',
    '- name: k8ts',
    '  context:',
    '    cluster: k8ts',
    '    user: k8ts',
    'current-context: k8ts',
    'users:',
    '- name: k8ts',
    '  user: {}',
    '',
  ].join('\n');
  writeFileSync(paths.kubeconfig, text, { mode: 0o600 });
}
