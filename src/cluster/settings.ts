// The settings of one local cluster, kept in $K8TS_HOME/cluster.json so that `down`, `status` and a second
// `up` act on what the first `up` made (its bridge, pod range, ports), not on today's defaults.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultNodeName } from '../kubelet/config';
import { parseCidr } from '../util';
import type { ClusterPaths } from './paths';

export interface ClusterSettings {
  /** Plain-HTTP apiserver port on 127.0.0.1. */
  port: number;
  /** The node bridge; `cbr0` in production, a name of their own in tests. */
  bridge: string;
  /** The node's pod range; the bridge holds its first address, which is also the node's InternalIP. */
  podCidr: string;
  nodeName: string;
  kubeletPort: number;
}

export const DEFAULT_SETTINGS: Omit<ClusterSettings, 'nodeName'> = {
  port: 8080,
  bridge: 'cbr0',
  podCidr: '10.244.0.0/24',
  kubeletPort: 10250,
};

function settingsFile(paths: ClusterPaths): string {
  return path.join(paths.home, 'cluster.json');
}

/** The saved settings, or undefined when `up` never ran with this home. */
export function loadSettings(paths: ClusterPaths): ClusterSettings | undefined {
  const file = settingsFile(paths);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterSettings;
}

export function saveSettings(paths: ClusterPaths, settings: ClusterSettings): void {
  mkdirSync(paths.home, { recursive: true });
  writeFileSync(settingsFile(paths), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Flags win over what was saved, which wins over the defaults. Invalid values are refused before anything starts. */
export function resolveSettings(
  flags: Partial<ClusterSettings>,
  saved: ClusterSettings | undefined,
): ClusterSettings {
  const s: ClusterSettings = {
    ...DEFAULT_SETTINGS,
    ...saved,
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
    nodeName: defaultNodeName({ override: flags.nodeName ?? saved?.nodeName }),
  };
  for (const key of ['port', 'kubeletPort'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1 || s[key] > 65535)
      throw new Error(`invalid ${key} ${JSON.stringify(s[key])}: want a port from 1 to 65535`);
  }
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(s.bridge))
    throw new Error(`invalid bridge name ${JSON.stringify(s.bridge)}: at most 15 letters, digits, . _ -`);
  parseCidr(s.podCidr, { what: '--pod-cidr', minPrefix: 8, maxPrefix: 30, exact: true });
  return s;
}
