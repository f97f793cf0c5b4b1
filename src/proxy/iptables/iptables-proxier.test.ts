import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { chainNames } from './chain-names';
import { createIptablesProxier } from './index';
import { RecordingRunner } from '../../util/command-runner';
import { makeEndpoints, makeService } from './test-fixtures';

const http = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
const web = makeService('web', { clusterIP: '10.96.0.10', ports: [http] });
const db = makeService('db', { clusterIP: '10.96.0.11', ports: [http] });
const webEndpoints = (...ips: string[]) => makeEndpoints('web', { http: { port: 8080, ips } });

/** A node's iptables and /proc/sys as far as the proxier sees them. */
class FakeNode {
  jumps = new Set<string>();
  chains = new Set<string>();
  sysctls: Record<string, string> = { 'net/ipv4/ip_forward': '0', 'net/bridge/bridge-nf-call-iptables': '0' };
  failRestore = false;
  readonly runner = new RecordingRunner((line) => this.answer(line));

  private answer(line: string): string | Error {
    const jump = /^iptables -w -t (\S+) -([CID]) (.*)$/.exec(line);
    if (jump) {
      const key = `${jump[1]} ${jump[3]}`;
      if (jump[2] === 'C') return this.jumps.has(key) ? '' : new Error('Bad rule');
      if (jump[2] === 'I') this.jumps.add(key);
      else this.jumps.delete(key);
      return '';
    }
    const write = /^sysctl -w (\S+)=(\S+)$/.exec(line);
    if (write) this.sysctls[write[1]!.replaceAll('.', '/')] = write[2]!;
    if (line.startsWith('cat /proc/sys/')) return this.sysctls[line.slice(14)] ?? new Error('No such file');
    if (line === 'iptables-save') return this.save();
    if (line.startsWith('iptables-restore'))
      return this.failRestore ? new Error('iptables-restore: line 3 failed') : '';
    return '';
  }

  private save(): string {
    const decl = [...this.chains].map((c) => `:${c} - [0:0]`);
    return [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':KUBE-FIREWALL - [0:0]',
      ...decl,
      'COMMIT',
      '*nat',
      ...decl,
      'COMMIT',
    ].join('\n');
  }
}

function setUp() {
  const node = new FakeNode();
  const lines: Array<{ msg: string; [k: string]: unknown }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const proxier = createIptablesProxier({
    clusterCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/16',
    nodeIps: ['10.240.0.2'],
    chainPrefix: 'KTST',
    runner: node.runner,
    log,
  });
  return { node, proxier, lines };
}

const restores = (node: FakeNode) => node.runner.calls.filter((c) => c.line.startsWith('iptables-restore'));

describe('IptablesProxier', () => {
  it('first sync: sysctls, then one atomic restore of our chains, then each jump checked and inserted', async () => {
    const { node, proxier } = setUp();
    await proxier.sync([web], [webEndpoints('10.244.1.2')]);
    const portals = '-m comment --comment k8ts service portals -j KTST-SERVICES';
    const filterPortals = `-m conntrack --ctstate NEW ${portals}`;
    expect(node.runner.commands).toEqual([
      'cat /proc/sys/net/ipv4/ip_forward',
      'sysctl -w net.ipv4.ip_forward=1',
      'cat /proc/sys/net/bridge/bridge-nf-call-iptables',
      'sysctl -w net.bridge.bridge-nf-call-iptables=1',
      'iptables-save',
      'iptables-restore -w --noflush',
      `iptables -w -t nat -C PREROUTING ${portals}`,
      `iptables -w -t nat -I PREROUTING ${portals}`,
      `iptables -w -t nat -C OUTPUT ${portals}`,
      `iptables -w -t nat -I OUTPUT ${portals}`,
      'iptables -w -t nat -C POSTROUTING -m comment --comment k8ts postrouting rules -j KTST-POSTROUTING',
      'iptables -w -t nat -I POSTROUTING -m comment --comment k8ts postrouting rules -j KTST-POSTROUTING',
      `iptables -w -t filter -C INPUT ${filterPortals}`,
      `iptables -w -t filter -I INPUT ${filterPortals}`,
      `iptables -w -t filter -C FORWARD ${filterPortals}`,
      `iptables -w -t filter -I FORWARD ${filterPortals}`,
      `iptables -w -t filter -C OUTPUT ${filterPortals}`,
      `iptables -w -t filter -I OUTPUT ${filterPortals}`,
      'ip route replace local 10.96.0.0/16 dev lo table local',
    ]);
    expect(restores(node)[0]!.input).toContain('-d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KTST-SVC-');
  });

  it('writes a sysctl only when it is not already 1, and skips one the kernel lacks', async () => {
    const { node, proxier } = setUp();
    node.sysctls = { 'net/ipv4/ip_forward': '1' };
    await proxier.sync([web], []);
    expect(node.runner.commands.filter((l) => /^(cat|sysctl)/.test(l))).toEqual([
      'cat /proc/sys/net/ipv4/ip_forward',
      'cat /proc/sys/net/bridge/bridge-nf-call-iptables',
    ]);
  });

  it('runs nothing when the state renders the same rules again', async () => {
    const { node, proxier } = setUp();
    await proxier.sync([web], [webEndpoints('10.244.1.2', '10.244.1.3')]);
    const before = node.runner.commands.length;
    await proxier.sync([web], [webEndpoints('10.244.1.3', '10.244.1.2')]);
    expect(node.runner.commands.length).toBe(before);
  });

  it('deletes the chains of services that went away in the same restore, leaving other tools’ chains', async () => {
    const { node, proxier } = setUp();
    const old = chainNames('KTST');
    const [oldSvc, oldSep] = [
      old.service('default/old:http/TCP'),
      old.endpoint('default/old:http/TCP', '10.244.1.9:80'),
    ];
    node.chains = new Set(['KTST-SERVICES', oldSvc, oldSep]);
    await proxier.sync([db], []);
    const input = restores(node)[0]!.input!;
    expect(input).toContain(`-X ${oldSvc}\n`);
    expect(input).toContain(`-X ${oldSep}\n`);
    expect(input).not.toContain('-X KTST-SERVICES');
    expect(input).not.toContain('KUBE-FIREWALL');
  });

  it('rejects when iptables-restore fails, and applies the same state again on the next sync', async () => {
    const { node, proxier } = setUp();
    node.failRestore = true;
    await expect(proxier.sync([web], [])).rejects.toThrow(/line 3 failed/);
    expect(node.jumps.size).toBe(0);
    node.failRestore = false;
    await proxier.sync([web], []);
    expect(restores(node)).toHaveLength(2);
    expect(node.jumps.size).toBe(6);
  });

  it('a resync re-applies the same rules and puts back a jump someone deleted, logging only that', async () => {
    const { node, proxier, lines } = setUp();
    await proxier.sync([web], [webEndpoints('10.244.1.2')]);
    const first = restores(node)[0]!.input;
    lines.splice(0);
    await proxier.sync([web], [webEndpoints('10.244.1.2')], { resync: true });
    expect(restores(node)).toHaveLength(2);
    expect(restores(node)[1]!.input).toBe(first);
    expect(node.runner.commands.at(-1)).toBe('ip route replace local 10.96.0.0/16 dev lo table local');
    expect(lines).toEqual([]);

    node.jumps.delete('nat PREROUTING -m comment --comment k8ts service portals -j KTST-SERVICES');
    await proxier.sync([web], [webEndpoints('10.244.1.2')], { resync: true });
    expect(node.jumps.size).toBe(6);
    expect(lines.map((l) => [l.msg, l.jumpsAdded])).toEqual([
      ['iptables resync put back jumps or settings removed by someone else', 1],
    ]);
  });

  it('cleanupRules leaves the local route; cleanup removes it too', async () => {
    const { node, proxier } = setUp();
    await proxier.sync([web], []);
    await proxier.cleanupRules();
    expect(node.runner.commands.filter((l) => l.startsWith('ip route del'))).toEqual([]);
    expect(node.jumps.size).toBe(0);
    await proxier.cleanup();
    expect(node.runner.commands.at(-1)).toBe('ip route del local 10.96.0.0/16 dev lo table local');
  });

  it('never adds a jump twice', async () => {
    const { node, proxier } = setUp();
    await proxier.sync([web], []);
    await proxier.sync([web, db], []);
    expect(node.runner.commands.filter((l) => / -I /.test(l))).toHaveLength(6);
  });

  it('logs one line per change with what the rules hold', async () => {
    const { proxier, lines } = setUp();
    await proxier.sync([web, db], [webEndpoints('10.244.1.2', '10.244.1.3')]);
    await proxier.sync([web, db], [webEndpoints('10.244.1.2', '10.244.1.3')]);
    const updates = lines.filter((l) => l.msg.startsWith('iptables rules updated'));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ servicePorts: 2, endpoints: 2, jumpsAdded: 6 });
    expect(updates[0]!.msg).toMatch(/2 service ports, 2 endpoints, \d+ rules/);
  });

  it('cleanup removes every copy of our jumps, then flushes and deletes only our chains; twice is harmless', async () => {
    const { node, proxier } = setUp();
    await proxier.sync([web], [webEndpoints('10.244.1.2')]);
    node.chains = new Set(['KTST-SERVICES', 'KTST-MARK-MASQ']);
    await proxier.cleanup();
    expect(node.jumps.size).toBe(0);
    const input = restores(node).at(-1)!.input!;
    expect(input).toContain(':KTST-MARK-MASQ - [0:0]\n');
    expect(input).toContain('-X KTST-MARK-MASQ\n');
    expect(input).not.toContain('KUBE-FIREWALL');

    node.chains = new Set();
    const before = restores(node).length;
    await proxier.cleanup();
    expect(restores(node)).toHaveLength(before);
    // After cleanup the same state is applied again, not skipped as unchanged.
    await proxier.sync([web], [webEndpoints('10.244.1.2')]);
    expect(restores(node)).toHaveLength(before + 1);
  });

  it('refuses malformed ranges, node IPs and prefixes up front', () => {
    const log = pino({ level: 'silent' });
    const base = { clusterCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/16', nodeIps: [], log };
    expect(() => createIptablesProxier({ ...base, serviceCidr: '10.96.0.1/16' })).toThrow(
      /invalid service CIDR/,
    );
    expect(() => createIptablesProxier({ ...base, clusterCidr: 'ten' })).toThrow(/invalid cluster CIDR/);
    expect(() => createIptablesProxier({ ...base, nodeIps: ['10.240.0.256'] })).toThrow(
      /invalid IPv4 address/,
    );
    expect(() => createIptablesProxier({ ...base, chainPrefix: 'kube' })).toThrow(/invalid chain prefix/);
  });
});
