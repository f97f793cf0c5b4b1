// FullDiskTarget: a real `k8ts apiserver` whose storage lives on a small tmpfs mounted for the campaign, and
// the one fault of issue 10's disk-full campaign: running out of space, then an operator making room again.
//   sqlite: --data-dir on a 2 MiB tmpfs, most of it taken by a filler file; room = removing the filler.
//   etcd:   the member's --data-dir on its own tmpfs with --quota-backend-bytes 4 MiB: etcd raises its NOSPACE
//           alarm before the filesystem fills. Room = what the etcd docs prescribe: compact at the current
//           revision, defragment, disarm the alarm. Writes are refused with 507; reads and watches go on.
//   etcd-fs: no quota, so the filesystem fills first: etcd exits (fatal "failed to commit tx ... no space left
//           on device"; its WAL is preallocated, so acknowledged writes survive). The apiserver can only see an
//           etcd that is gone: 503 for reads and writes alike. The tmpfs is roomy while etcd starts (it
//           preallocates its WAL segment and, in the background, the next one: on a tight filesystem that race
//           could fail etcd's first commit) and is then filled by a filler file. Room = remove the filler,
//           restart etcd.
// Everything made here (mounts, processes, directories) is removed by stop(), which always runs.
import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../../bench/apiserver/server-process';
import { freePort } from '../support/etcd';
import { waitUntil } from './component-process';

export type DiskFullStore = 'sqlite' | 'etcd' | 'etcd-fs';

export interface FullDiskTarget {
  /** What a refused write answers (507 storage full; 503 when the store itself has gone). */
  refusal: 507 | 503;
  /** Whether reads and watches keep working while full (not when etcd has exited). */
  readsWhileFull: boolean;
  /**
   * Whether the write that found the disk full may still take effect: etcd-fs dies in the middle of it, after
   * the write reached its WAL, and replays it on restart. Its answer was lost, as after any crash, so it is in
   * doubt: it may exist exactly as sent, or not at all.
   */
  fillingWriteInDoubt: boolean;
  url(): string;
  /** Makes room the way an operator would; returns the steps, for the campaign's notes. */
  makeRoom(): Promise<string>;
  /** Stops the apiserver (SIGTERM) and starts a new one on the same data. */
  restartApiServer(): Promise<void>;
  apiServerAlive(): boolean;
  /** With the apiserver stopped: checks the data at rest; '' when sound, else what is wrong. */
  checkAtRest(): Promise<string>;
  stop(): Promise<void>;
}

/** The sqlite file name the apiserver uses inside --data-dir (src/apiserver/server.ts SQLITE_FILE). */
const SQLITE_FILE = 'k8ts.db';
const FREE_AFTER_FILLER = 384 * 1024;
const ETCD_QUOTA = 4 * 1024 * 1024;
/** etcd preallocates a 64 MB WAL segment: its filesystem must hold that and the quota. */
const ETCD_TMPFS_KB = 96 * 1024;
/** etcd-fs: two 64 MB WAL segments (the live one and the next, made ahead) and room to start in. */
const ETCD_FS_TMPFS_KB = 192 * 1024;
const ETCD_FS_FREE_AFTER_FILLER = 4 * 1024 * 1024;

function mountTmpfs(sizeKb: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' }); // a process we started still holds a file
  }
  rmSync(dir, { recursive: true, force: true });
}

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export function startFullDiskTarget(store: DiskFullStore): Promise<FullDiskTarget> {
  return store === 'sqlite' ? sqliteTarget() : etcdTarget(store === 'etcd');
}

async function sqliteTarget(): Promise<FullDiskTarget> {
  const dir = mountTmpfs(2048);
  const filler = path.join(dir, 'filler');
  let server: ServerProcess | undefined;
  const stop = async () => {
    await server?.stop();
    unmount(dir);
  };
  try {
    server = await startServerProcess({ store: 'sqlite', dataDir: dir });
    const fs = statfsSync(dir);
    writeFileSync(filler, Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - FREE_AFTER_FILLER)));
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    refusal: 507,
    readsWhileFull: true,
    fillingWriteInDoubt: false,
    url: () => server!.url,
    async makeRoom() {
      rmSync(filler);
      return `removed the filler file from the data directory's filesystem`;
    },
    async restartApiServer() {
      await server!.stop();
      server = await startServerProcess({ store: 'sqlite', dataDir: dir });
    },
    apiServerAlive: () => alive(server?.pid),
    async checkAtRest() {
      await server!.stop();
      const db = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
      try {
        const check = db.pragma('integrity_check', { simple: true }) as string;
        return check === 'ok' ? '' : `integrity_check: ${check}`;
      } finally {
        db.close();
      }
    },
    stop,
  };
}

async function etcdTarget(quota: boolean): Promise<FullDiskTarget> {
  const dir = mountTmpfs(quota ? ETCD_TMPFS_KB : ETCD_FS_TMPFS_KB);
  const client = `http://127.0.0.1:${await freePort()}`;
  const peer = `http://127.0.0.1:${await freePort()}`;
  const etcdctl = (...args: string[]) =>
    execFileSync('etcdctl', ['--endpoints', client, '--command-timeout=20s', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ETCDCTL_API: '3' },
    });
  let etcd: ChildProcess | undefined;
  let etcdLog = '';
  let server: ServerProcess | undefined;
  const stop = async () => {
    await server?.stop();
    if (etcd && etcd.exitCode === null && etcd.signalCode === null) {
      const exited = new Promise((r) => etcd!.once('exit', r));
      etcd.kill('SIGTERM');
      await exited;
    }
    unmount(dir);
  };
  const startEtcd = async () => {
    etcd = spawn(
      'etcd',
      [
        ...['--name', 'k8ts-disk-full', '--data-dir', path.join(dir, 'etcd')],
        ...['--listen-client-urls', client, '--advertise-client-urls', client],
        ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
        ...['--initial-cluster', `k8ts-disk-full=${peer}`],
        ...(quota ? ['--quota-backend-bytes', String(ETCD_QUOTA)] : []),
        ...['--log-level', 'error', '--logger', 'zap'],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    etcd.stderr!.on('data', (d: Buffer) => (etcdLog = (etcdLog + d.toString()).slice(-2000)));
    const child = etcd;
    await waitUntil('etcd healthy', 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`etcd exited (${child.exitCode}): ${etcdLog}`);
      return (await fetch(`${client}/health`)).ok;
    }).catch((e: Error) => Promise.reject(new Error(`${e.message}; etcd said: ${etcdLog}`)));
  };
  const filler = path.join(dir, 'filler');
  try {
    await startEtcd();
    if (!quota) {
      await waitUntil('etcd to preallocate its next WAL segment', 30_000, async () =>
        readdirSync(path.join(dir, 'etcd', 'member', 'wal')).some((f) => f.endsWith('.tmp')),
      );
      const fs = statfsSync(dir);
      writeFileSync(filler, Buffer.alloc(Math.max(0, fs.bavail * fs.bsize - ETCD_FS_FREE_AFTER_FILLER)));
    }
    server = await startServerProcess({ store: 'etcd', etcdServers: [client] });
  } catch (e) {
    await stop();
    throw e;
  }
  const freeAndRestart = async () => {
    const exit = etcd!.exitCode ?? etcd!.signalCode;
    if (exit === null) throw new Error('etcd did not exit when its filesystem filled');
    rmSync(filler);
    await startEtcd();
    return `etcd had exited (${exit}); removed the filler file; started etcd again`;
  };
  return {
    refusal: quota ? 507 : 503,
    readsWhileFull: quota,
    fillingWriteInDoubt: !quota,
    url: () => server!.url,
    async makeRoom() {
      if (!quota) return freeAndRestart();
      const status = JSON.parse(etcdctl('endpoint', 'status', '-w', 'json')) as {
        Status: { header: { revision: number } };
      }[];
      const revision = status[0]!.Status.header.revision;
      etcdctl('compact', String(revision), '--physical');
      etcdctl('defrag');
      etcdctl('alarm', 'disarm');
      return `etcdctl compact ${revision} --physical; etcdctl defrag; etcdctl alarm disarm`;
    },
    async restartApiServer() {
      await server!.stop();
      server = await startServerProcess({ store: 'etcd', etcdServers: [client] });
    },
    apiServerAlive: () => alive(server?.pid),
    async checkAtRest() {
      await server!.stop();
      const alarms = etcdctl('alarm', 'list').trim();
      if (alarms) return `etcd alarms still raised: ${alarms}`;
      // etcdctl 3.4 prints the health line on stderr
      const health = spawnSync('etcdctl', ['--endpoints', client, 'endpoint', 'health'], {
        encoding: 'utf8',
      });
      const said = `${health.stdout}${health.stderr}`.trim();
      return said.includes('is healthy') ? '' : `etcd endpoint health: ${said}`;
    },
    stop,
  };
}
