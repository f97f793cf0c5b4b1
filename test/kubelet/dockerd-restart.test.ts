// Our dockerd comes back after a crash. A SIGKILLed daemon leaves its pid file behind, naming a zombie nobody
// reaped or, later, some other process that got the PID; dockerd's own check takes either for a running daemon
// and refuses to start, so startDockerd must treat such a file as stale. It also leaves its containers running
// under their shims: without live-restore the new daemon would stop each one itself before answering, waiting
// out the 10 s stop timeout for a PID 1 that ignores SIGTERM (a pod's `sleep`). startDockerd ends them first,
// still giving SIGTERM to a container that handles it. Root and dockerd needed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE, ensureImages } from '../../src/kubelet/images';
import { dockerdPaths, startDockerd, type DockerdHandle } from '../../src/kubelet/runtime';
import { shimPids } from '../../src/kubelet/runtime/dockerd-shims';

const canRun = process.getuid?.() === 0 && ['/usr/sbin/dockerd', '/usr/bin/dockerd'].some(existsSync);
const root = mkdtempSync(path.join(os.tmpdir(), 'k8ts-dockerd-restart-'));
let daemon: DockerdHandle | undefined;

afterAll(async () => {
  await daemon?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

async function sigkill(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (const deadline = Date.now() + 10_000; alive(pid); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error(`PID ${pid} still alive 10 s after SIGKILL`);
}

describe.skipIf(!canRun)('startDockerd after a crash (root, dockerd)', () => {
  it('starts although the pid file names a live process that is not our dockerd', async () => {
    // This test's own PID: alive, and no dockerd.
    writeFileSync(dockerdPaths(root).pidFile, `${process.pid}\n`);
    daemon = await startDockerd({ root });
    expect(daemon.reused).toBe(false);
    expect(daemon.pid).not.toBe(process.pid);
    expect(String(await new Docker({ socketPath: daemon.socket }).ping())).toBe('OK');
  }, 60_000);

  it("ends the dead daemon's containers and shims itself: the new one answers without a 10 s stop", async () => {
    const docker = new Docker({ socketPath: daemon!.socket });
    await ensureImages(docker);
    const out = mkdtempSync(path.join(os.tmpdir(), 'k8ts-dockerd-restart-out-'));
    const run = async (cmd: string[]) => {
      const c = await docker.createContainer({
        Image: BUSYBOX_IMAGE,
        Cmd: cmd,
        HostConfig: { NetworkMode: 'none', Binds: [`${out}:/out`] },
      });
      await c.start();
      return c;
    };
    // A pod's usual PID 1, which SIGTERM cannot stop, and one that handles SIGTERM and says so.
    const stubborn = await run(['sleep', '1000000']);
    const polite = await run([
      'sh',
      '-c',
      'trap "echo term > /out/polite; exit 0" TERM; echo ready > /out/polite-ready; while :; do sleep 0.1; done',
    ]);
    try {
      const pids = await Promise.all([stubborn, polite].map(async (c) => (await c.inspect()).State.Pid));
      // The polite one's trap must be set before the crash, or it could not handle the signal.
      const ready = path.join(out, 'polite-ready');
      for (const deadline = Date.now() + 10_000; !existsSync(ready) && Date.now() < deadline;)
        await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(ready)).toBe(true);
      await sigkill(daemon!.pid);

      const started = Date.now();
      daemon = await startDockerd({ root });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(daemon.orphans).toEqual({ containers: 2, shims: 2 });
      expect(pids.filter(alive)).toEqual([]);
      expect(readFileSync(path.join(out, 'polite'), 'utf8')).toBe('term\n');

      const again = new Docker({ socketPath: daemon.socket });
      for (const c of [stubborn, polite])
        expect((await again.getContainer(c.id).inspect()).State.Running).toBe(false);
      // No shim is left serving a task Docker does not know (they used to pile up with every crash).
      const known = new Set((await again.listContainers({ all: true })).map((c) => c.Id));
      const ids = shimPids(dockerdPaths(root).execRoot).map((pid) => {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[argv.indexOf('-id') + 1];
      });
      expect(ids.filter((id) => !id || !known.has(id))).toEqual([]);
    } finally {
      const d = new Docker({ socketPath: daemon!.socket });
      for (const c of [stubborn, polite])
        await d
          .getContainer(c.id)
          .remove({ force: true })
          .catch(() => undefined);
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
