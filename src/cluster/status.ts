// `k8ts status`: each process of the local cluster — our dockerd (shared by every node), the control plane,
// cluster DNS, every node's kubelet and proxy — with its PID, running or not.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planComponents } from './components';
import { dockerdPid, dockerdSlot } from './node-runtime';
import { clusterPaths, type ClusterPaths } from './paths';
import { runningPid } from './processes';
import { loadSettings, resolveSettings } from './settings';

export interface ComponentStatus {
  name: string;
  pid?: number;
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
  return [
    ...[dockerdSlot(paths)].map((d) => ({ name: d.name, pid: dockerdPid(d.root) })),
    ...names.map((name) => ({ name, pid: runningPid(paths, name) })),
  ];
}

export function formatStatus(rows: ComponentStatus[]): string {
  const lines = ['COMPONENT           PID      STATUS'];
  for (const r of rows)
    lines.push(`${r.name.padEnd(19)} ${String(r.pid ?? '-').padEnd(8)} ${r.pid ? 'running' : 'not running'}`);
  return `${lines.join('\n')}\n`;
}
