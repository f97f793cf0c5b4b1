import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { EtcdSource, kubeletKey } from './etcd';
import { manifestYaml, namesOf, podYaml, UpdateRecorder } from './testing';

const endpoints = inject('etcdEndpoints');
const etcd = new Etcd3({ hosts: endpoints });
let source: EtcdSource | undefined;

afterEach(async () => {
  await source?.stop();
  source = undefined;
});
afterAll(() => etcd.close());

function startSource(nodeName: string, opts: { endpoints?: string[]; callTimeoutMs?: number } = {}) {
  const rec = new UpdateRecorder();
  source = new EtcdSource({
    endpoints: opts.endpoints ?? endpoints,
    nodeName,
    callTimeoutMs: opts.callTimeoutMs,
  });
  source.start(rec.emit);
  return rec;
}

const uniqueNode = () => `node-${randomUUID().slice(0, 8)}`;
const list = (...docs: string[]) => docs.join('---\n');

describe('EtcdSource', () => {
  it('watches /registry/hosts/<node>/kubelet: no key is no pods', async () => {
    const node = uniqueNode();
    expect(kubeletKey(node)).toBe(`/registry/hosts/${node}/kubelet`);
    const u = await startSource(node).next();
    expect(u).toEqual({ source: 'etcd', pods: [], errors: [] });
  });

  it('acts on a put within 1 s, and on a delete', async () => {
    const node = uniqueNode();
    await etcd.put(kubeletKey(node)).value(list(manifestYaml('web'), podYaml('cache')));
    const rec = startSource(node);
    expect(namesOf(await rec.next())).toEqual([`cache-${node}`, `web-${node}`]);

    await etcd
      .put(kubeletKey(node))
      .value(
        JSON.stringify([{ version: 'v1beta1', id: 'db', containers: [{ name: 'm', image: 'busybox' }] }]),
      );
    expect(namesOf(await rec.next(1000))).toEqual([`db-${node}`]);

    await etcd.delete().key(kubeletKey(node));
    expect(await rec.next(1000)).toMatchObject({ pods: [], errors: [] });
  });

  it('reports an invalid value and keeps the last good pods', async () => {
    const node = uniqueNode();
    await etcd.put(kubeletKey(node)).value(manifestYaml('web'));
    const rec = startSource(node);
    const good = await rec.next();
    await etcd.put(kubeletKey(node)).value('version: v1beta1\nid: Web_1\ncontainers: []\n');
    const bad = await rec.next(1000);
    expect(bad.pods).toEqual(good.pods);
    expect(bad.errors[0]!.origin).toBe(kubeletKey(node));
    expect(bad.errors[0]!.error.reason).toBe('Invalid');
    expect(bad.errors[0]!.error.message).toContain(`ContainerManifest "Web_1" is invalid`);
  });

  it('reports an unreachable etcd as incomplete', async () => {
    const rec = startSource(uniqueNode(), { endpoints: ['http://127.0.0.1:9'], callTimeoutMs: 300 });
    const u = await rec.next();
    expect(u).toMatchObject({ pods: [], incomplete: true });
    expect(u.errors[0]!.error.reason).toBe('ServiceUnavailable');
  });

  it('re-reads the key after losing its connection, so a change made meanwhile is not missed', async () => {
    const node = uniqueNode();
    await etcd.put(kubeletKey(node)).value(manifestYaml('before'));
    const proxy = await TcpProxy.start(new URL(endpoints[0]!));
    try {
      const rec = startSource(node, { endpoints: [proxy.url], callTimeoutMs: 1000 });
      expect(namesOf(await rec.next())).toEqual([`before-${node}`]);
      await proxy.cut();
      const lost = await rec.next();
      expect(lost.errors[0]!.error.reason).toBe('ServiceUnavailable');
      expect(namesOf(lost)).toEqual([`before-${node}`]); // keeps what it had
      await etcd.put(kubeletKey(node)).value(manifestYaml('after'));
      await proxy.reopen();
      const back = await rec.until((u) => u.errors.length === 0, 10_000);
      expect(namesOf(back)).toEqual([`after-${node}`]);
    } finally {
      await proxy.cut();
    }
  });
});

/** A TCP relay on 127.0.0.1 in front of etcd that a test can cut (dropping every connection) and reopen. */
class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly target: URL,
    private port = 0,
  ) {}

  static async start(target: URL): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.reopen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async reopen(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => (this.sockets.delete(a), b.destroy()));
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
