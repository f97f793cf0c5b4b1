// A 3-member (or n-member) etcd cluster on loopback whose members can crash and come back: SIGKILL one by
// PID and restart it later on the same data dir and ports, as a machine reboot would. test/support/etcd.ts's
// cluster cannot do this (its stop() removes the member's data), so the quorum campaign uses this one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/etcd';
import { waitUntil } from './component-process';

export interface EtcdMembers {
  endpoints: string[];
  /** Index of the member that is leader now (asked over the members' gRPC gateway). */
  leader(): Promise<number>;
  /** SIGKILL member i; resolves once it has exited. */
  kill(i: number): Promise<void>;
  /** Starts member i again on its data dir; resolves once it answers /health (or after 20 s, quietly). */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

interface Member {
  name: string;
  client: string;
  peer: string;
  dir: string;
  child?: ChildProcess;
}

const running = (c?: ChildProcess) => !!c && c.exitCode === null && c.signalCode === null;

async function status(client: string): Promise<{ member: string; leader: string }> {
  const res = await fetch(`${client}/v3/maintenance/status`, {
    method: 'POST',
    body: '{}',
    signal: AbortSignal.timeout(2000),
  });
  const body = (await res.json()) as { header?: { member_id?: string }; leader?: string };
  return { member: body.header?.member_id ?? '', leader: body.leader ?? '' };
}

export async function startEtcdMembers(size = 3, name = 'k8ts-quorum'): Promise<EtcdMembers> {
  const members: Member[] = [];
  for (let i = 0; i < size; i++)
    members.push({
      name: `${name}-${i}`,
      client: `http://127.0.0.1:${await freePort()}`,
      peer: `http://127.0.0.1:${await freePort()}`,
      dir: mkdtempSync(path.join(tmpdir(), 'k8ts-etcd-member-')),
    });
  const initialCluster = members.map((m) => `${m.name}=${m.peer}`).join(',');
  const launch = (m: Member) => {
    m.child = spawn(
      'etcd',
      [
        ...['--name', m.name, '--data-dir', m.dir],
        ...['--listen-client-urls', m.client, '--advertise-client-urls', m.client],
        ...['--listen-peer-urls', m.peer, '--initial-advertise-peer-urls', m.peer],
        ...['--initial-cluster', initialCluster, '--initial-cluster-state', 'new'],
        ...['--log-level', 'error', '--logger', 'zap'],
      ],
      { stdio: 'ignore' },
    );
  };
  const kill = async (m: Member) => {
    const c = m.child;
    if (!c || !running(c)) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    await Promise.all(members.map(kill));
    for (const m of members) rmSync(m.dir, { recursive: true, force: true });
  };
  try {
    members.forEach(launch);
    await Promise.all(
      members.map((m) =>
        waitUntil(`etcd ${m.name} healthy`, 20_000, async () => (await fetch(`${m.client}/health`)).ok),
      ),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    endpoints: members.map((m) => m.client),
    async leader() {
      for (let i = 0; i < members.length; i++) {
        if (!running(members[i]!.child)) continue;
        try {
          const s = await status(members[i]!.client);
          if (s.member && s.member === s.leader) return i;
        } catch {
          // this one is down or slow: ask the next
        }
      }
      return members.findIndex((m) => running(m.child));
    },
    kill: (i) => kill(members[i]!),
    async restart(i) {
      const m = members[i]!;
      if (running(m.child)) return;
      launch(m);
      // /health is false until the cluster has a leader again, which needs a quorum: the caller checks that.
      await waitUntil(`etcd ${m.name} listening`, 20_000, async () => {
        await fetch(`${m.client}/version`, { signal: AbortSignal.timeout(1000) });
        return true;
      });
    },
    stop,
  };
}
