// Where a local cluster keeps its state: $K8TS_HOME (default ~/.k8ts) with data/, logs/, run/ (pid files)
// and the kubeconfig. Never ~/.kube/config.
import os from 'node:os';
import path from 'node:path';

export interface ClusterPaths {
  home: string;
  data: string;
  logs: string;
  run: string;
  kubeconfig: string;
}

export function clusterPaths(home = process.env.K8TS_HOME ?? path.join(os.homedir(), '.k8ts')): ClusterPaths {
  return {
    home,
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    run: path.join(home, 'run'),
    kubeconfig: path.join(home, 'kubeconfig'),
  };
}

/** The repository (or unpacked release) root, where bin/k8ts and scripts/ live. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
