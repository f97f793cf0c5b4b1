import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/types';
import { podFilePaths, writePodFiles } from './pod-files';

let dir: string;
let hostResolvConf: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8ts-podfiles-'));
  hostResolvConf = path.join(dir, 'host-resolv.conf');
  writeFileSync(hostResolvConf, 'nameserver 192.0.2.53\nsearch node.example\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pod = (dnsPolicy?: string): Pod => ({
  metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...(dnsPolicy ? { dnsPolicy } : {}) },
});

describe('writePodFiles', () => {
  it('writes the pod resolv.conf and hosts under <root>/pods/<uid>', async () => {
    const dns = { clusterDns: ['10.253.50.1'], clusterDomain: 'cluster.local', hostResolvConf };
    const files = await writePodFiles(dir, pod(), '10.253.50.2', dns);
    expect(files).toEqual(podFilePaths(dir, 'u-1'));
    expect(files.resolvConf).toBe(path.join(dir, 'pods', 'u-1', 'resolv.conf'));
    expect(readFileSync(files.resolvConf, 'utf8')).toBe(
      'nameserver 10.253.50.1\nsearch default.svc.cluster.local svc.cluster.local cluster.local node.example\n' +
        'options ndots:5\n',
    );
    expect(readFileSync(files.hosts, 'utf8')).toMatch(/\n10\.253\.50\.2\tweb\n$/);
    expect(statSync(files.resolvConf).mode & 0o777).toBe(0o644);
  });

  it('copies the node resolver for Default, and a missing node file gives an empty one', async () => {
    const dns = { clusterDns: ['10.253.50.1'], clusterDomain: 'cluster.local', hostResolvConf };
    const files = await writePodFiles(dir, pod('Default'), '10.253.50.2', dns);
    expect(readFileSync(files.resolvConf, 'utf8')).toBe('nameserver 192.0.2.53\nsearch node.example\n');
    const missing = { ...dns, hostResolvConf: path.join(dir, 'nope') };
    await writePodFiles(dir, pod('Default'), '10.253.50.2', missing);
    expect(readFileSync(files.resolvConf, 'utf8')).toBe('');
  });

  it('leaves an unchanged file alone and rewrites the same inode when the pod IP changes', async () => {
    const dns = { clusterDns: [], clusterDomain: 'cluster.local', hostResolvConf };
    const files = await writePodFiles(dir, pod(), '10.253.50.2', dns);
    const before = statSync(files.hosts);
    await writePodFiles(dir, pod(), '10.253.50.2', dns);
    expect(statSync(files.hosts).mtimeMs).toBe(before.mtimeMs);
    await writePodFiles(dir, pod(), '10.253.50.3', dns);
    expect(statSync(files.hosts).ino).toBe(before.ino);
    expect(readFileSync(files.hosts, 'utf8')).toMatch(/\n10\.253\.50\.3\tweb\n$/);
  });
});
