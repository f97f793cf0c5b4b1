// Our dockerd comes back after a crash: a SIGKILLed daemon leaves its pid file behind, naming a zombie nobody
// reaped or, later, some other process that got the PID. dockerd's own check takes either for a running daemon
// and refuses to start; startDockerd must treat such a file as stale. Root and dockerd needed.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerdPaths, startDockerd, type DockerdHandle } from '../../src/kubelet/runtime';

const canRun = process.getuid?.() === 0 && ['/usr/sbin/dockerd', '/usr/bin/dockerd'].some(existsSync);
const root = mkdtempSync(path.join(os.tmpdir(), 'k8ts-dockerd-restart-'));
let daemon: DockerdHandle | undefined;

afterAll(async () => {
  await daemon?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!canRun)('startDockerd after a crash (root, dockerd)', () => {
  it('starts although the pid file names a live process that is not our dockerd', async () => {
    // This test's own PID: alive, and no dockerd.
    writeFileSync(dockerdPaths(root).pidFile, `${process.pid}\n`);
    daemon = await startDockerd({ root });
    expect(daemon.reused).toBe(false);
    expect(daemon.pid).not.toBe(process.pid);
    expect(String(await new Docker({ socketPath: daemon.socket }).ping())).toBe('OK');
  }, 60_000);
});
