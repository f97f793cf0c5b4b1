// Two `k8ts scheduler --leader-elect` processes against one apiserver: exactly one schedules (every
// Scheduled event names it), and when it is killed the other takes over within the 15 s lease.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Endpoints, Event, Node, Pod } from '../../src/api/types';
import { KubeClient } from '../../src/client';
import { parseLeaderRecord, LEADER_ANNOTATION } from '../../src/client/leaderelection';
import { startTestServer, type TestServer } from '../apiserver/harness';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface SchedulerChild {
  child: ChildProcess;
  identity: Promise<string>;
}

function startScheduler(url: string): SchedulerChild {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(repo, 'node_modules/tsx/dist/loader.mjs'),
      path.join(repo, 'src/cli/main.ts'),
      'scheduler',
      '--master',
      url,
      '--leader-elect',
      // Two schedulers on one host: each takes a free metrics port instead of the default 10251.
      '--port',
      '0',
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'warn' } },
  );
  let out = '';
  const identity = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /leader election as (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`scheduler exited ${code} before starting:\n${out}`)));
  });
  child.stderr!.resume();
  return { child, identity };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('scheduler leader election', () => {
  let t: TestServer;
  let client: KubeClient;
  let schedulers: SchedulerChild[] = [];

  beforeAll(async () => {
    t = await startTestServer('sqlite', inject('etcdEndpoints'));
    client = new KubeClient({ server: t.url });
    const node = await client.create<Node>('nodes', undefined, { metadata: { name: 'n1' } });
    const resources = { cpu: '4', memory: '8Gi', pods: '110' };
    await client.updateStatus('nodes', undefined, {
      ...node,
      status: {
        capacity: resources,
        allocatable: resources,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  });
  afterAll(async () => {
    for (const s of schedulers) await stop(s.child, 'SIGKILL');
    client?.close();
    await t?.close();
  });

  const boundTo = async (name: string) => (await client.get<Pod>('pods', 'default', name)).spec?.nodeName;
  const scheduledBy = async (name: string) => {
    const events = await client.list<Event>('events', 'default', {
      fieldSelector: `involvedObject.name=${name},reason=Scheduled`,
    });
    return events.items.map((e) => e.reportingInstance);
  };
  const holder = async () => {
    const ep = await client.get<Endpoints>('endpoints', 'kube-system', 'kube-scheduler');
    return parseLeaderRecord(ep.metadata?.annotations?.[LEADER_ANNOTATION])?.holderIdentity;
  };

  it('lets exactly one of two schedulers act, and the other take over when it dies', async () => {
    schedulers = [startScheduler(t.url), startScheduler(t.url)];
    const ids = await Promise.all(schedulers.map((s) => s.identity));
    await vi.waitFor(async () => expect(ids).toContain(await holder()), { timeout: 15_000, interval: 200 });
    const leader = ids.indexOf((await holder())!);
    const standby = 1 - leader;

    for (const name of ['before-1', 'before-2', 'before-3'])
      await client.create('pods', 'default', pod(name));
    await vi.waitFor(
      async () => {
        for (const name of ['before-1', 'before-2', 'before-3']) expect(await boundTo(name)).toBe('n1');
      },
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(async () => expect(await scheduledBy('before-3')).toHaveLength(1), { timeout: 5000 });
    for (const name of ['before-1', 'before-2', 'before-3'])
      expect(await scheduledBy(name)).toEqual([ids[leader]]);

    await stop(schedulers[leader]!.child, 'SIGKILL');
    const killedAt = Date.now();
    await client.create('pods', 'default', pod('after'));
    await vi.waitFor(async () => expect(await boundTo('after')).toBe('n1'), {
      timeout: 25_000,
      interval: 200,
    });
    const takeover = Date.now() - killedAt;
    expect(takeover).toBeLessThan(15_000 + 2_000 + 3_000); // lease + one retry period + start-up slack
    expect(await holder()).toBe(ids[standby]);
    await vi.waitFor(async () => expect(await scheduledBy('after')).toEqual([ids[standby]]), {
      timeout: 5000,
    });

    expect(await stop(schedulers[standby]!.child, 'SIGTERM')).toBe(0);
  }, 60_000);
});
