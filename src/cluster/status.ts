// `k8ts status`: each process of the local cluster — our dockerd (shared by every node), the control plane,
// cluster DNS, every node's kubelet and proxy — with its PID, running or not; with --components-in-docker the
// control plane's rows show their container (id and Docker's state) instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planComponents } from './components';
import { componentContainers } from './container-components';
import { dockerdPid, dockerdSlot } from './node-runtime';
import { clusterPaths, type ClusterPaths } from './paths';
import { runningPid } from './processes';
import { loadSettings, resolveSettings } from './settings';

export interface ComponentStatus {
  name: string;
  pid?: number;
  /** With --components-in-docker: the component's container, short id and Docker's state. */
  container?: { id: string; state: string };
}

const recordFile = (paths: ClusterPaths) => path.join(paths.run, 'components.json');

/** What the last `up` started, in order, so that status shows a dead component as not running. */
export function recordComponents(paths: ClusterPaths, names: string[]): void {
  mkdirSync(paths.run, { recursive: true });
  writeFileSync(recordFile(paths), `${JSON.stringify(names)}\n`);
}

export function recordedComponents(paths: ClusterPaths): string[] | undefined {
  const file = recordFile(paths);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as string[]) : undefined;
}

export function status(home?: string): ComponentStatus[] {
  const paths = clusterPaths(home);
  const settings = resolveSettings({}, loadSettings(paths));
  const names =
    recordedComponents(paths) ??
    planComponents(paths, settings, { withProxy: false, withDns: false }).map((c) => c.name);
  const containers = settings.componentsInDocker ? componentContainers(paths) : [];
  const containerOf = (name: string) => {
    const c = containers.find((x) => x.name === name);
    return c && { container: { id: c.id.slice(0, 12), state: c.state } };
  };
  return [
    ...[dockerdSlot(paths)].map((d) => ({ name: d.name, pid: dockerdPid(d.root) })),
    ...names.map((name) => ({ name, pid: runningPid(paths, name), ...containerOf(name) })),
  ];
}

export function formatStatus(rows: ComponentStatus[]): string {
  const wide = rows.some((r) => r.container);
  const lines = [`COMPONENT           ${(wide ? 'PID/CONTAINER' : 'PID').padEnd(wide ? 13 : 8)} STATUS`];
  for (const r of rows) {
    const id = r.container?.id ?? String(r.pid ?? '-');
    const state = r.pid ? 'running' : 'not running';
    const detail = r.container ? ` (container ${r.container.state})` : '';
    lines.push(`${r.name.padEnd(19)} ${id.padEnd(wide ? 13 : 8)} ${state}${detail}`);
  }
  return `${lines.join('\n')}\n`;
}
