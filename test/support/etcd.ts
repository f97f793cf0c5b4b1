// A real etcd for tests and benchmarks: one member or a cluster, on free loopback ports with their own data
// dirs, each member stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface EtcdProcess {
  endpoints: string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/** The first of `count` consecutive free loopback ports, none of them in `taken` (`up --store etcd` gives member k
 * the client port first+2k and the peer port first+2k+1). */
export async function freePortRun(count: number, taken: number[] = []): Promise<number> {
  for (;;) {
    const first = await freePort();
    const run = Array.from({ length: count }, (_, k) => first + k);
    if (run.some((p) => taken.includes(p) || p > 65535)) continue;
    const free = await Promise.all(run.slice(1).map(portFree));
    if (free.every(Boolean)) return first;
  }
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd at ${url} not healthy after ${timeoutMs} ms`);
}

/** Starts one etcd member on 127.0.0.1 (throws if the etcd binary is missing). */
export async function startEtcd(options: { name?: string } = {}): Promise<EtcdProcess> {
  const cluster = await startEtcdCluster(1, options);
  return { endpoints: cluster.endpoints, stop: () => cluster.stop() };
}

export interface EtcdCluster extends EtcdProcess {
  /** One handle per member, in endpoint order: stop one to test fail-over. */
  members: EtcdProcess[];
}

/** Starts an etcd cluster of `size` members on 127.0.0.1, each with its own ports and data dir. */
export async function startEtcdCluster(size: number, options: { name?: string } = {}): Promise<EtcdCluster> {
  const base = options.name ?? 'k8ts-test';
  const specs = [];
  for (let i = 0; i < size; i++) {
    const name = size === 1 ? base : `${base}-${i}`;
    specs.push({
      name,
      client: `http://127.0.0.1:${await freePort()}`,
      peer: `http://127.0.0.1:${await freePort()}`,
    });
  }
  const initialCluster = specs.map((m) => `${m.name}=${m.peer}`).join(',');
  const started = await Promise.allSettled(
    specs.map((m) => startMember(m.name, m.client, m.peer, initialCluster)),
  );
  const members = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(members.map((m) => m.stop()));
  };
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { endpoints: specs.map((m) => m.client), members, stop };
}

async function startMember(
  name: string,
  client: string,
  peer: string,
  initialCluster: string,
): Promise<EtcdProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-etcd-'));
  const child = spawn(
    'etcd',
    [
      '--name',
      name,
      '--data-dir',
      dir,
      '--listen-client-urls',
      client,
      '--advertise-client-urls',
      client,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      initialCluster,
      '--initial-cluster-state',
      'new',
      '--log-level',
      'error',
      '--logger',
      'zap',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A member whose peers are already gone can spend seconds trying to hand over leadership; its data is
      // thrown away below, so a short grace is enough.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(client, child, 15_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return { endpoints: [client], stop };
}
