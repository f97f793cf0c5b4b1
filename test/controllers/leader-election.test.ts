// Two controller-managers on one apiserver with --leader-elect (short leases, real clock): exactly one
// runs the controllers; when it stops, the other takes over. Then `k8ts controller-manager` as a process:
// it runs with --master, and SIGTERM makes it release the lock and exit 0.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Endpoints } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { LEADER_ANNOTATION, parseLeaderRecord } from '../../src/client/leaderelection';
import { startControllerManager } from '../../src/controllers/controller-manager';
import { realClock } from '../../src/util';
import { startTestServer, type TestServer } from '../apiserver/harness';

let ts: TestServer;
let client: KubeClient;

beforeAll(async () => {
  ts = await startTestServer('sqlite', []);
  client = new KubeClient({ server: ts.url });
});

afterAll(async () => {
  client?.close();
  await ts?.close();
});

const holder = async () => {
  const ep = await client.get<Endpoints>('endpoints', 'kube-system', 'kube-controller-manager');
  return parseLeaderRecord(ep.metadata?.annotations?.[LEADER_ANNOTATION])?.holderIdentity;
};

describe('controller-manager --leader-elect', () => {
  it('runs the controllers in exactly one instance; the other takes over when it stops', async () => {
    // Short enough for a quick test, long enough that a stalled event loop on a busy machine keeps the lease.
    const timings = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 200 };
    const start = (identity: string) =>
      startControllerManager({
        client,
        clock: realClock,
        options: { leaderElect: true, identity, ...timings },
      });
    const a = start('cm-a');
    await vi.waitFor(() => expect(a.isLeading()).toBe(true), { timeout: 5000, interval: 20 });
    const b = start('cm-b');
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect([a.isLeading(), b.isLeading()]).toEqual([true, false]);
      expect(await holder()).toBe('cm-a');
      // The leader works: an RC gets its pod.
      await client.create('replicationcontrollers', 'default', {
        metadata: { name: 'le' },
        spec: {
          replicas: 1,
          selector: { app: 'le' },
          template: {
            metadata: { labels: { app: 'le' } },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      });
      await vi.waitFor(
        async () =>
          expect((await client.list('pods', 'default', { labelSelector: 'app=le' })).items).toHaveLength(1),
        { timeout: 10_000, interval: 50 },
      );
      await a.stop();
      await vi.waitFor(() => expect(b.isLeading()).toBe(true), { timeout: 5000, interval: 20 });
      expect(await holder()).toBe('cm-b');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('`k8ts controller-manager --master URL --leader-elect` takes the lock and exits 0 on SIGTERM', async () => {
    const child = spawn('bin/k8ts', ['controller-manager', '--master', ts.url, '--leader-elect'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, K8TS_LOG_LEVEL: 'silent' },
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await vi.waitFor(async () => expect(await holder()).toMatch(/_/), { timeout: 30_000, interval: 200 });
      expect(out).toContain(`controller-manager running against ${ts.url}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await holder()).toBe(''); // released on the way out
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
