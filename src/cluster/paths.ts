// Where a local cluster keeps its state: $K8TS_HOME (default ~/.k8ts) with data/, logs/, run/ (pid files)
// and the kubeconfig. Never ~/.kube/config.
import { existsSync } from 'node:fs';
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

/** The repository (or unpacked release) root, where bin/k8ts and scripts/ live; found from this module
 * whether it runs from src/cluster (tsx) or from the bundle in dist/. */
export const repoRoot = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'k8ts'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}
