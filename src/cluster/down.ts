// `k8ts down`: removes everything `up` made, in reverse: the components (by the PIDs we recorded), our
// containers and dockerd, the bridge and its veths, and our iptables chain. Idempotent; --purge also
// deletes $K8TS_HOME.
import { rmSync } from 'node:fs';
import { COMPONENTS } from './components';
import { removeForwardGuard } from './firewall';
import { stopNodeRuntime, teardownNodeNetwork } from './node-runtime';
import { clusterPaths } from './paths';
import { stopComponent } from './processes';
import { loadSettings } from './settings';

export async function down(options: { home?: string; purge?: boolean } = {}): Promise<string[]> {
  const paths = clusterPaths(options.home);
  const removed: string[] = [];
  for (const name of [...COMPONENTS].reverse()) {
    if (await stopComponent(paths, name)) removed.push(name);
  }
  if (await stopNodeRuntime(paths)) removed.push('dockerd (and its containers)');
  // Without saved settings `up` never made a bridge or a chain here, and the defaults (cbr0) may be another's.
  const settings = loadSettings(paths);
  if (settings) {
    if (await teardownNodeNetwork(settings.bridge)) removed.push(`bridge ${settings.bridge}`);
    if (await removeForwardGuard(settings.bridge)) removed.push('iptables chain');
  }
  if (options.purge) rmSync(paths.home, { recursive: true, force: true });
  return removed;
}
