// UDP sessions on loopback with a fake clock: one backend choice per client address, kept while traffic
// flows, given up after the idle timeout.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, componentLogger } from '../../util';
import { ProxyMetrics } from '../metrics';
import { type Backend, freePort, udpBackend } from './testing';
import { UdpListener } from './udp-listener';

const VIP = '127.0.0.52';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const bs: Backend[] = [await udpBackend('b0'), await udpBackend('b1')];
  cleanups.push(() => Promise.all(bs.map((b) => b.close())));
  const clock = new FakeClock();
  const metrics = new ProxyMetrics();
  const picks: string[] = [];
  let i = 0;
  const port = await freePort(VIP);
  const listener = await UdpListener.listen({
    servicePort: 'default/dns:dns',
    host: VIP,
    port,
    idleTimeoutMs: 1000,
    clock,
    log: componentLogger('proxy'),
    metrics,
    pick: (clientIP) => {
      picks.push(clientIP);
      return bs[i++ % bs.length]!.endpoint;
    },
  });
  cleanups.push(() => listener.close());
  const client = dgram.createSocket('udp4');
  cleanups.push(() => client.close());
  await new Promise<void>((r) => client.bind(0, '127.0.0.1', r));
  const ask = (text: string) =>
    new Promise<string>((resolve) => {
      client.once('message', (m) => resolve(String(m)));
      client.send(text, port, VIP);
    });
  const sessions = async () =>
    (await metrics.activeConnections.get()).values.find((v) => v.labels.protocol === 'UDP')?.value ?? 0;
  return { clock, picks, ask, sessions };
}

describe('UdpListener', () => {
  it('keeps one backend per client address while it talks, and picks again after the idle timeout', async () => {
    const { clock, picks, ask, sessions } = await setup();
    expect(await ask('1')).toBe('b0:1');
    clock.step(900);
    expect(await ask('2')).toBe('b0:2');
    clock.step(900);
    expect(await ask('3')).toBe('b0:3');
    expect(picks).toEqual(['127.0.0.1']);
    expect(await sessions()).toBe(1);
    clock.step(1000);
    expect(await sessions()).toBe(0);
    expect(await ask('4')).toBe('b1:4');
    expect(picks).toHaveLength(2);
  });
});
