// cluster/kube-{up,down,push}.sh are thin wrappers over bin/k8ts: run from a copy whose bin/k8ts only prints
// its arguments, they must pass config-default.sh's settings, let the environment and flags override them,
// and refuse providers other than local.
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const SCRIPTS = path.resolve(import.meta.dirname, '..', '..', 'cluster');
let root = '';

const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
  exec(path.join(root, 'cluster', script), args, {
    env: { PATH: process.env.PATH ?? '', HOME: root, ...env },
  });

describe('cluster/ scripts', () => {
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'k8ts-scripts-'));
    mkdirSync(path.join(root, 'cluster'));
    mkdirSync(path.join(root, 'bin'));
    for (const f of readdirSync(SCRIPTS)) copyFileSync(path.join(SCRIPTS, f), path.join(root, 'cluster', f));
    writeFileSync(path.join(root, 'bin', 'k8ts'), '#!/bin/sh\necho "$@"\n');
    chmodSync(path.join(root, 'bin', 'k8ts'), 0o755);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('kube-up.sh runs `k8ts up` with every setting of config-default.sh', async () => {
    const { stdout } = await run('kube-up.sh');
    expect(stdout.trim()).toBe(
      'up --nodes 1 --port 6443 --kubelet-port 10250 --proxy-healthz-port 10256 --proxy-mode userspace --host-bridge k8ts0 --node-cidr 10.240.0.0/24 --netns-prefix k8ts-node- --cluster-cidr 10.244.0.0/16 --pod-cidr 10.244.0.0/24 --service-cidr 10.96.0.0/16',
    );
  });

  it('takes settings from the environment, and flags after them (the last flag wins in `k8ts up`)', async () => {
    const { stdout } = await run('kube-up.sh', ['--proxy-mode', 'iptables'], { NUM_NODES: '3' });
    expect(stdout).toContain('up --nodes 3 ');
    expect(stdout.trim().endsWith('--proxy-mode iptables')).toBe(true);
  });

  it('refuses a provider other than local', async () => {
    await expect(run('kube-up.sh', [], { KUBERNETES_PROVIDER: 'gce' })).rejects.toThrow(
      /only KUBERNETES_PROVIDER=local is supported/,
    );
  });

  it('kube-down.sh and kube-push.sh pass their flags to `k8ts down` and `k8ts push`', async () => {
    expect((await run('kube-down.sh', ['--purge'])).stdout.trim()).toBe('down --purge');
    expect((await run('kube-push.sh', ['--home', '/x'])).stdout.trim()).toBe('push --home /x');
  });
});
