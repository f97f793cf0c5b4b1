import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, stopPids, strayPids } from './processes';

describe('strayPids / stopPids', () => {
  const homes: string[] = [];
  afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

  it('finds a k8ts process that names the cluster home in its arguments, and ends it by PID', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'k8ts-stray-'));
    const other = mkdtempSync(path.join(os.tmpdir(), 'k8ts-stray-other-'));
    homes.push(home, other);
    // Stand-ins for components that lost their pid files: `node … k8ts-component --kubeconfig <home>/…`.
    const start = (h: string) =>
      spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'k8ts-component', `${h}/kubeconfig`], {
        stdio: 'ignore',
      });
    const ours = start(home);
    const theirs = start(other);
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(strayPids({ home } as never)).toEqual([ours.pid]);
      await stopPids([ours.pid!]);
      expect(isAlive(ours.pid!)).toBe(false);
      expect(isAlive(theirs.pid!)).toBe(true);
    } finally {
      ours.kill('SIGKILL');
      theirs.kill('SIGKILL');
    }
  });
});
