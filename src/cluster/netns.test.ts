import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from '../kubelet/network';
import { ensureTopology, teardownTopology } from './netns';
import { planTopology } from './topology';

const topology = planTopology({
  nodes: 3,
  hostBridge: 'k8tsmn0',
  nodeCidr: '10.251.0.0/24',
  clusterCidr: '10.250.0.0/16',
  netnsPrefix: 'k8tsmn-',
  nodeName: 'n',
});

/** A fake `ip` with just enough state: host links, namespaces with their links, and routes per namespace. */
class FakeIp {
  readonly links = new Map<string, { peer?: string; peerNs?: string }>();
  readonly netns = new Map<string, Set<string>>();
  readonly routes = new Map<string, Set<string>>([['host', new Set()]]);
  readonly runner = new RecordingRunner((line) => this.answer(line));

  private missing(line: string, what: string) {
    return new CommandError(line, `Cannot find device "${what}"`, 1);
  }

  private answer(line: string): string | Error {
    const w = line.split(' ');
    if (w[0] !== 'ip') return '';
    let ns = 'host';
    let args = w.slice(1);
    if (args[0] === '-n') [ns, args] = [args[1]!, args.slice(2)];
    const [obj, op] = args;
    if (obj === 'netns' && op === 'list') return [...this.netns.keys()].map((n) => `${n} (id: 0)\n`).join('');
    if (obj === 'netns' && op === 'add') {
      this.netns.set(args[2]!, new Set());
      return '';
    }
    if (obj === 'netns' && op === 'del') {
      for (const [name, l] of this.links) if (l.peerNs === args[2]) this.links.delete(name);
      this.netns.delete(args[2]!);
      this.routes.delete(args[2]!);
      return '';
    }
    if (obj === '-o' && op === 'link')
      return [...this.links.keys()].map((n, i) => `${i + 1}: ${n}: <UP>\n`).join('');
    if (obj === 'link' && op === 'show') {
      const name = args[3]!;
      const there = ns === 'host' ? this.links.has(name) : this.netns.get(ns)?.has(name);
      return there ? '' : this.missing(line, name);
    }
    if (obj === 'link' && op === 'add') {
      const peer = args.indexOf('peer');
      if (peer < 0) {
        this.links.set(args[2]!, {});
        return '';
      }
      const peerNs = args[peer + 4]!;
      this.links.set(args[2]!, { peer: args[peer + 2], peerNs });
      this.netns.get(peerNs)!.add(args[peer + 2]!);
      return '';
    }
    if (obj === 'link' && op === 'del') {
      const l = this.links.get(args[2]!);
      if (!l) return this.missing(line, args[2]!);
      if (l.peerNs) this.netns.get(l.peerNs)?.delete(l.peer!);
      this.links.delete(args[2]!);
      return '';
    }
    if (obj === 'route') {
      const table = this.routes.get(ns) ?? new Set<string>();
      this.routes.set(ns, table);
      const [dst, , via] = args.slice(2);
      if (op === 'replace') table.add(`${dst} via ${via}`);
      if (op === 'del') {
        const hit = [...table].find((r) => r.startsWith(`${dst} `));
        if (!hit) return new CommandError(line, 'RTNETLINK answers: No such process', 2);
        table.delete(hit);
      }
    }
    return '';
  }
}

describe('node network set-up', () => {
  it('makes the host bridge, one namespace and veth per node, and the routes on both sides', async () => {
    const ip = new FakeIp();
    await ensureTopology(topology, ip.runner);
    expect([...ip.netns.keys()]).toEqual(['k8tsmn-1', 'k8tsmn-2', 'k8tsmn-3']);
    expect([...ip.links.keys()]).toEqual(['k8tsmn0', 'k8tsmn0-1', 'k8tsmn0-2', 'k8tsmn0-3']);
    expect(ip.runner.commands).toContain('ip addr replace 10.251.0.1/24 dev k8tsmn0');
    expect(ip.runner.commands).toContain('ip link set k8tsmn0-2 master k8tsmn0');
    expect(ip.runner.commands).toContain('ip -n k8tsmn-2 addr replace 10.251.0.12/24 dev eth0');
    expect(ip.runner.commands).toContain('ip -n k8tsmn-2 link set lo up');
    expect(ip.runner.commands).toContain('ip netns exec k8tsmn-2 sysctl -qw net.ipv4.ip_forward=1');
    expect([...ip.routes.get('host')!]).toEqual([
      '10.250.1.0/24 via 10.251.0.11',
      '10.250.2.0/24 via 10.251.0.12',
      '10.250.3.0/24 via 10.251.0.13',
    ]);
    expect([...ip.routes.get('k8tsmn-2')!]).toEqual([
      '10.250.1.0/24 via 10.251.0.11',
      '10.250.3.0/24 via 10.251.0.13',
    ]);
    // Whatever else happened, no node keeps a default route.
    expect(ip.runner.commands).toContain('ip -n k8tsmn-1 route del default');
    expect(ip.runner.commands.filter((c) => /route (add|replace) default/.test(c))).toEqual([]);
  });

  it('is idempotent: a second run creates no namespace or link', async () => {
    const ip = new FakeIp();
    await ensureTopology(topology, ip.runner);
    ip.runner.commands.length = 0;
    await ensureTopology(topology, ip.runner);
    expect(ip.runner.commands.filter((c) => /netns add|link add/.test(c))).toEqual([]);
    expect(ip.links.size).toBe(4);
  });

  it('re-makes a node whose namespace was lost, replacing its stale host veth', async () => {
    const ip = new FakeIp();
    await ensureTopology(topology, ip.runner);
    ip.netns.delete('k8tsmn-2'); // as after a reboot of /run: the veth's peer went with it, ours is stale
    ip.links.set('k8tsmn0-2', {});
    ip.runner.commands.length = 0;
    await ensureTopology(topology, ip.runner);
    expect(ip.runner.commands).toContain('ip netns add k8tsmn-2');
    expect(ip.runner.commands).toContain('ip link del k8tsmn0-2');
    expect(ip.runner.commands).toContain('ip link add k8tsmn0-2 type veth peer name eth0 netns k8tsmn-2');
    expect(ip.netns.get('k8tsmn-2')).toEqual(new Set(['eth0']));
  });
});

describe('node network tear-down', () => {
  it('removes routes, namespaces, veths and the bridge, then has nothing left to remove', async () => {
    const ip = new FakeIp();
    await ensureTopology(topology, ip.runner);
    const removed = await teardownTopology(topology, ip.runner);
    expect(removed).toEqual(
      expect.arrayContaining(['route 10.250.1.0/24', 'netns k8tsmn-3', 'bridge k8tsmn0']),
    );
    expect(ip.netns.size).toBe(0);
    expect(ip.links.size).toBe(0);
    expect(ip.routes.get('host')!.size).toBe(0);
    expect(await teardownTopology(topology, ip.runner)).toEqual([]);
  });

  it('works on a half-made topology and leaves namespaces and links that are not ours alone', async () => {
    const ip = new FakeIp();
    for (const ns of ['k8tsmn-2', 'k8tsmn-7', 'k8tsmn-x', 'other-1', 'k8tsmn-10a'])
      ip.netns.set(ns, new Set());
    for (const link of ['k8tsmn0', 'k8tsmn0-9', 'eth0', 'k8tsmn00-1']) ip.links.set(link, {});
    const removed = await teardownTopology(topology, ip.runner);
    expect(removed).toEqual(['netns k8tsmn-2', 'netns k8tsmn-7', 'link k8tsmn0-9', 'bridge k8tsmn0']);
    expect([...ip.netns.keys()]).toEqual(['k8tsmn-x', 'other-1', 'k8tsmn-10a']);
    expect([...ip.links.keys()]).toEqual(['eth0', 'k8tsmn00-1']);
  });
});
