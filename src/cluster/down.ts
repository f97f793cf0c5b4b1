// `k8ts down`: removes everything `up` made, in reverse: the components (by the PIDs we recorded), our
// containers and dockerds, then the network — one node: its bridge and veths; several: the node namespaces,
// host veths, host bridge and routes — the proxy's local route for the service range, our iptables chain, and
// with one node the kubelet's hostPort and the proxy's chains in the host (host-rules.ts).
// Idempotent; --purge also deletes $K8TS_HOME.
import { rmSync } from 'node:fs';
import { execRunner, type CommandRunner } from '../kubelet/network';
import { planComponents } from './components';
import { removeComponentContainers } from './container-components';
import { removeForwardGuard } from './firewall';
import { teardownTopology } from './netns';
import { removeHostRules } from './host-rules';
import { dockerdSlotsOnDisk, stopNodeRuntime, teardownNodeNetwork } from './node-runtime';
import { clusterPaths } from './paths';
import { stopComponent, stopPids, strayPids } from './processes';
import { loadSettings, resolveSettings } from './settings';
import { recordedComponents } from './status';
import { planTopology } from './topology';

export async function down(
  options: { home?: string; purge?: boolean; runner?: CommandRunner } = {},
): Promise<string[]> {
  const paths = clusterPaths(options.home);
  const runner = options.runner ?? execRunner;
  const removed: string[] = [];
  // Without saved settings `up` never made a bridge or a chain here, and the defaults (cbr0) may be another's.
  const saved = loadSettings(paths);
  const settings = saved && resolveSettings({}, saved);
  const planned = settings
    ? planComponents(paths, settings, { withProxy: true, withDns: true }).map((c) => c.name)
    : [];
  const names = [...new Set([...(recordedComponents(paths) ?? []), ...planned])];
  // The nodes' components at once (they do not depend on each other), then the control plane in reverse.
  const perNode = names.filter((n) => /-\d+$/.test(n));
  const stopped = await Promise.all(perNode.map((name) => stopComponent(paths, name)));
  removed.push(...perNode.filter((_, i) => stopped[i]));
  for (const name of names.filter((n) => !perNode.includes(n)).reverse()) {
    if (await stopComponent(paths, name)) removed.push(name);
  }
  const strays = strayPids(paths);
  if (strays.length) {
    await stopPids(strays);
    removed.push(`${strays.length} process${strays.length > 1 ? 'es' : ''} without a pid file`);
  }
  // The control plane's containers (--components-in-docker) are not the kubelet's: removed by our labels.
  const containers = await removeComponentContainers(paths);
  if (containers.length) removed.push(`containers ${containers.join(', ')}`);
  const slots = dockerdSlotsOnDisk(paths);
  const daemons = await Promise.all(slots.map((slot) => stopNodeRuntime(slot.root)));
  removed.push(...slots.filter((_, i) => daemons[i]).map((slot) => `${slot.name} (and its containers)`));
  if (settings && settings.nodes > 1) {
    removed.push(...(await teardownTopology(planTopology(settings), runner)));
    if (await removeForwardGuard(settings.hostBridge, runner)) removed.push('iptables chain');
  } else if (settings) {
    if (await teardownNodeNetwork(settings.bridge, runner)) removed.push(`bridge ${settings.bridge}`);
    // A userspace proxy killed before it could clean up leaves the service range local on the host.
    const local = ['route', 'del', 'local', settings.serviceCidr, 'dev', 'lo', 'table', 'local'];
    if (
      await runner.run('ip', local).then(
        () => true,
        () => false,
      )
    )
      removed.push(`route ${settings.serviceCidr}`);
    if (await removeForwardGuard(settings.bridge, runner)) removed.push('iptables chain');
    removed.push(...(await removeHostRules(settings, runner)));
  }
  if (options.purge) rmSync(paths.home, { recursive: true, force: true });
  return removed;
}
