// `k8ts status`: each process of the local cluster with its PID, running or not.
import { COMPONENTS } from './components';
import { dockerdPid } from './node-runtime';
import { clusterPaths } from './paths';
import { runningPid } from './processes';

export interface ComponentStatus {
  name: string;
  pid?: number;
}

export function status(home?: string): ComponentStatus[] {
  const paths = clusterPaths(home);
  return [
    { name: 'dockerd', pid: dockerdPid(paths) },
    ...COMPONENTS.map((name) => ({ name, pid: runningPid(paths, name) })),
  ];
}

export function formatStatus(rows: ComponentStatus[]): string {
  const lines = ['COMPONENT           PID      STATUS'];
  for (const r of rows)
    lines.push(`${r.name.padEnd(19)} ${String(r.pid ?? '-').padEnd(8)} ${r.pid ? 'running' : 'not running'}`);
  return `${lines.join('\n')}\n`;
}
