// `k8ts down`: stops every component `up` started, by the PIDs it recorded. Idempotent; --purge also
// deletes the cluster's state.
import { rmSync } from 'node:fs';
import { clusterPaths } from './paths';
import { stopComponent } from './processes';

export const COMPONENTS = ['apiserver'] as const;

export async function down(options: { home?: string; purge?: boolean } = {}): Promise<string[]> {
  const paths = clusterPaths(options.home);
  const stopped: string[] = [];
  for (const name of [...COMPONENTS].reverse()) {
    if (await stopComponent(paths, name)) stopped.push(name);
  }
  if (options.purge) rmSync(paths.home, { recursive: true, force: true });
  return stopped;
}
