// Real sockets on loopback: cluster IPs and node addresses are 127.0.0.x (all local on Linux), backends are
// echo servers on 127.0.0.1 ephemeral ports.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentLogger } from '../../util';
import { RecordingRunner } from '../../util/command-runner';
import { LocalServiceRoute } from '../local-route';
import { ProxyMetrics } from '../metrics';
import {
  type Backend,
  connect,
  echo,
  endpoints,
  freePort,
  reach,
  service,
  tcpBackend,
  udpBackend,
} from './testing';
import { UserspaceProxier } from './userspace-proxier';

const VIP = '127.0.0.50';
const NODE = '127.0.0.61';
const http = [{ name: 'http' }];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function backends(n: number, make = tcpBackend): Promise<Backend[]> {
  const out = await Promise.all(Array.from({ length: n }, (_, i) => make(`b${i}`)));
  cleanups.push(async () => void (await Promise.all(out.map((b) => b.close()))));
  return out;
}

function proxier(nodePortAddresses: string[] = []) {
  const metrics = new ProxyMetrics();
  const p = new UserspaceProxier({
    log: componentLogger('proxy'),
    nodePortAddresses,
    metrics,
    connectTimeoutMs: 500,
    udpIdleTimeoutMs: 1000,
  });
  cleanups.push(() => p.cleanup());
  return { p, metrics };
}

/**
 * An endpoint whose SYNs go unanswered: a listener (in a child process, since Node accepts everything) with a
 * backlog of 0 that never accepts and whose queue is already full. Stopped by PID after the test.
 */
async function silentEndpoint(): Promise<string> {
  const script =
    "import socket,sys\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen(0)\n" +
    'c=socket.create_connection(s.getsockname())\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()';
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(async () => void child.kill());
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d) => resolve(String(d).trim())),
  );
  return `127.0.0.1:${port}`;
}

const active = async (m: ProxyMetrics) =>
  (await m.activeConnections.get()).values.find((v) => v.labels.protocol === 'TCP')?.value ?? 0;

const refused = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    const s = net.connect({ host, port });
    s.on('data', () => resolve('data'));
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    s.on('close', () => resolve('closed'));
  });

describe('UserspaceProxier (real sockets on 127.0.0.0/8)', () => {
  it('round-robins new TCP connections over every backend and counts them in the metrics', async () => {
    const bs = await backends(3);
    const port = await freePort(VIP);
    const { p, metrics } = proxier();
    await p.sync([service('web', VIP, [{ name: 'http', port }])], [endpoints('web', http, bs)]);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push(await reach(VIP, port));
    expect([...seen.slice(0, 3)].sort()).toEqual(['b0', 'b1', 'b2']);
    expect(seen.slice(3)).toEqual(seen.slice(0, 3));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/k8ts_proxy_forwarded_bytes_total\{protocol="TCP",direction="to_client"\} 18/);
  });

  it('keeps a client on one backend with ClientIP affinity', async () => {
    const bs = await backends(3);
    const port = await freePort(VIP);
    const { p } = proxier();
    const svc = service('web', VIP, [{ name: 'http', port }], {
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    });
    await p.sync([svc], [endpoints('web', http, bs)]);
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) seen.add(await reach(VIP, port));
    expect(seen.size).toBe(1);
  });

  it('skips an endpoint that refuses and uses the next one', async () => {
    const [b0, b1] = await backends(2);
    const dead = `127.0.0.1:${await freePort('127.0.0.1')}`;
    const port = await freePort(VIP);
    const { p } = proxier();
    await p.sync([service('web', VIP, [{ name: 'http', port }])], [endpoints('web', http, [dead, b0!, b1!])]);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(await reach(VIP, port));
    expect(seen.sort()).toEqual(['b0', 'b0', 'b1', 'b1']);
  });

  it('gives up on an endpoint that does not answer within the connect timeout and uses the next', async () => {
    const [b0] = await backends(1);
    const silent = await silentEndpoint();
    const port = await freePort(VIP);
    const { p } = proxier();
    await p.sync([service('web', VIP, [{ name: 'http', port }])], [endpoints('web', http, [silent, b0!])]);
    const started = Date.now();
    expect([await reach(VIP, port), await reach(VIP, port)]).toEqual(['b0', 'b0']);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(500);
    // Far below the kernel's SYN retries (over a minute), with room for a busy machine.
    expect(took).toBeLessThan(4000);
  });

  it('resets a client at once when there are no endpoints, or only refusing ones', async () => {
    const port = await freePort(VIP);
    const dead = `127.0.0.1:${await freePort('127.0.0.1')}`;
    const { p, metrics } = proxier();
    await p.sync(
      [
        service('empty', VIP, [{ name: 'http', port }]),
        service('dead', VIP, [{ name: 'http', port: port + 1 }]),
      ],
      [endpoints('dead', http, [dead])],
    );
    const started = Date.now();
    expect(await refused(VIP, port)).toBe('ECONNRESET');
    expect(await refused(VIP, port + 1)).toBe('ECONNRESET');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await metrics.registry.metrics()).toMatch(
      /k8ts_proxy_rejected_connections_total\{protocol="TCP"\} 2/,
    );
  });

  it('applies an endpoint change to new connections and keeps the established one', async () => {
    const [b0, b1] = await backends(2);
    const port = await freePort(VIP);
    const { p, metrics } = proxier();
    const svc = service('web', VIP, [{ name: 'http', port }]);
    await p.sync([svc], [endpoints('web', http, [b0!])]);
    const old = await connect(VIP, port);
    expect(old.name).toBe('b0');
    await p.sync([svc], [endpoints('web', http, [b1!])]);
    expect(await reach(VIP, port)).toBe('b1');
    expect(await echo(old.socket, 'still here')).toBe('still here');
    expect(await active(metrics)).toBe(1);
    old.socket.destroy();
    await vi.waitFor(async () => expect(await active(metrics)).toBe(0));
  });

  it('hands a cluster IP and port over when one service replaces another in the same sync', async () => {
    const bs = await backends(1);
    const port = await freePort(VIP);
    const { p } = proxier();
    await p.sync([service('old', VIP, [{ name: 'http', port }])], [endpoints('old', http, bs)]);
    await p.sync([service('new', VIP, [{ name: 'http', port }])], [endpoints('new', http, bs)]);
    expect(p.serving()).toEqual([`TCP/${VIP}:${port} default/new:http`]);
    expect(await reach(VIP, port)).toBe('b0');
  });

  it('closes the listener of a removed service port; the same state twice changes nothing', async () => {
    const bs = await backends(1);
    const port = await freePort(VIP);
    const { p } = proxier();
    const state = [[service('web', VIP, [{ name: 'http', port }])], [endpoints('web', http, bs)]] as const;
    await p.sync(...state);
    await p.sync(...state);
    expect(p.serving()).toEqual([`TCP/${VIP}:${port} default/web:http`]);
    await p.sync([], []);
    expect(p.serving()).toEqual([]);
    expect(await refused(VIP, port)).toBe('ECONNREFUSED');
  });

  it('forwards UDP per client and answers from the service address', async () => {
    const bs = await backends(2, udpBackend);
    const port = await freePort(VIP);
    const { p } = proxier();
    const dns = [{ name: 'dns', protocol: 'UDP' as const }];
    await p.sync(
      [service('dns', VIP, [{ name: 'dns', port, protocol: 'UDP' }])],
      [endpoints('dns', dns, bs)],
    );
    const ask = async (text: string) => {
      const client = dgram.createSocket('udp4');
      try {
        return await new Promise<string>((resolve) => {
          client.on('message', (m, r) => resolve(`${String(m)} from ${r.address}:${r.port}`));
          client.send(text, port, VIP);
        });
      } finally {
        client.close();
      }
    };
    const answers = [await ask('a'), await ask('b')];
    expect(answers.map((a) => a.slice(2)).sort()).toEqual([
      `:a from ${VIP}:${port}`,
      `:b from ${VIP}:${port}`,
    ]);
    expect(answers.map((a) => a.slice(0, 2)).sort()).toEqual(['b0', 'b1']);
  });

  it('serves a NodePort on each node address', async () => {
    const bs = await backends(1);
    const port = await freePort(VIP);
    const nodePort = await freePort(NODE);
    const { p } = proxier([NODE]);
    const svc = service('web', VIP, [{ name: 'http', port, nodePort }], { type: 'NodePort' });
    await p.sync([svc], [endpoints('web', http, bs)]);
    expect(await reach(NODE, nodePort)).toBe('b0');
    expect(await reach(VIP, port)).toBe('b0');
  });

  it('rejects a sync when a port is taken, and a later sync binds it once it is free', async () => {
    const bs = await backends(1);
    const port = await freePort(VIP);
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(port, VIP, r));
    const { p } = proxier();
    const state = [[service('web', VIP, [{ name: 'http', port }])], [endpoints('web', http, bs)]] as const;
    await expect(p.sync(...state)).rejects.toThrow(
      `could not listen for default/web:http on TCP/${VIP}:${port}`,
    );
    await new Promise((r) => squatter.close(r));
    await p.sync(...state);
    expect(await reach(VIP, port)).toBe('b0');
  });

  it('makes the service range local once, again on a resync, and removes it on cleanup', async () => {
    const runner = new RecordingRunner();
    const p = new UserspaceProxier({
      log: componentLogger('proxy'),
      localRoute: new LocalServiceRoute('10.96.0.0/16', runner),
    });
    cleanups.push(() => p.cleanup());
    await p.sync([], []);
    await p.sync([], []);
    await p.sync([], [], { resync: true });
    await p.cleanup();
    expect(runner.commands).toEqual([
      'ip route replace local 10.96.0.0/16 dev lo table local',
      'ip route replace local 10.96.0.0/16 dev lo table local',
      'ip route del local 10.96.0.0/16 dev lo table local',
    ]);
  });
});
