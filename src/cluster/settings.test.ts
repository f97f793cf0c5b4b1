import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterPaths } from './paths';
import { loadSettings, resolveSettings, saveSettings } from './settings';

describe('cluster settings', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('defaults to cbr0, 10.244.0.0/24, port 8080 and a lowercased node name', () => {
    const s = resolveSettings({ nodeName: 'My-Node' }, undefined);
    expect(s).toEqual({
      port: 8080,
      bridge: 'cbr0',
      podCidr: '10.244.0.0/24',
      kubeletPort: 10250,
      nodeName: 'my-node',
    });
  });

  it('keeps what the first up saved unless a flag says otherwise', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-settings-'));
    dirs.push(home);
    const paths = clusterPaths(home);
    expect(loadSettings(paths)).toBeUndefined();
    saveSettings(paths, resolveSettings({ port: 9999, bridge: 'k8tsx0', nodeName: 'n1' }, undefined));
    const again = resolveSettings({ podCidr: '10.253.1.0/24' }, loadSettings(paths));
    expect(again).toMatchObject({ port: 9999, bridge: 'k8tsx0', podCidr: '10.253.1.0/24', nodeName: 'n1' });
  });

  it('refuses bad values before anything starts', () => {
    expect(() => resolveSettings({ port: 70000, nodeName: 'n' }, undefined)).toThrow(/invalid port 70000/);
    expect(() => resolveSettings({ bridge: 'much-too-long-bridge', nodeName: 'n' }, undefined)).toThrow(
      /invalid bridge name/,
    );
    expect(() => resolveSettings({ podCidr: '10.244.0.1/24', nodeName: 'n' }, undefined)).toThrow(
      /invalid --pod-cidr "10.244.0.1\/24"/,
    );
    expect(() => resolveSettings({ podCidr: '10.244.0.0/31', nodeName: 'n' }, undefined)).toThrow(
      /--pod-cidr/,
    );
  });
});
