// ApiServerUnderFault: a `k8ts apiserver` process (bench/apiserver/server-process.ts) over sqlite in a temp
// dir or a fresh etcd, behind a TcpForwarder so clients keep one URL, with the one fault the campaigns
// inject: SIGKILL by PID, then a restart on the same data. stop() ends the server, the etcd and the temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess, type StoreKind } from '../../bench/apiserver/server-process';
import { startEtcd, type EtcdProcess } from '../support/etcd';
import { startTcpForwarder, type TcpForwarder } from './tcp-forwarder';

export type { StoreKind };

export interface ApiServerUnderFault {
  /** The forwarder's URL: stable across kills and restarts. */
  url: string;
  /** PIDs of the server processes started so far (the last is the live one). */
  pids: number[];
  /** SIGKILL the server (no drain, no close of the store), leaving the URL refusing connections. */
  kill(): Promise<void>;
  /** Starts a new server process on the same data and points the URL at it; resolves once it is healthy. */
  restart(): Promise<void>;
  /** Whether the current server process is still running (false after kill() or a crash). */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startApiServerUnderFault(store: StoreKind): Promise<ApiServerUnderFault> {
  const dir = mkdtempSync(path.join(tmpdir(), `k8ts-reliability-${store}-`));
  let etcd: EtcdProcess | undefined;
  let forwarder: TcpForwarder | undefined;
  let server: ServerProcess | undefined;
  const pids: number[] = [];
  const exited = new Set<number>();
  const launch = async () => {
    server = await startServerProcess(
      store === 'sqlite' ? { store, dataDir: dir } : { store, etcdServers: etcd!.endpoints },
    );
    pids.push(server.pid);
    forwarder!.setBackend(Number(new URL(server.url).port));
  };
  const stop = async () => {
    await server?.stop();
    await forwarder?.close();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (store === 'etcd') etcd = await startEtcd({ name: 'k8ts-reliability' });
    forwarder = await startTcpForwarder();
    await launch();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: forwarder.url,
    pids,
    async kill() {
      const s = server!;
      forwarder!.setBackend(undefined);
      process.kill(s.pid, 'SIGKILL');
      exited.add(s.pid);
      await s.stop(); // only waits for the exit now
    },
    restart: launch,
    alive() {
      if (!server || exited.has(server.pid)) return false;
      try {
        process.kill(server.pid, 0);
        return true;
      } catch {
        return false;
      }
    },
    stop,
  };
}
