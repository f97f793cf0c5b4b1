import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandError, RecordingRunner } from '../../util/command-runner';
import { flushUdpFlows } from './conntrack';
import { createIptablesProxier } from './index';
import { makeEndpoints, makeService } from './test-fixtures';

function logLines() {
  const lines: Array<{ msg: string; level: number; [k: string]: unknown }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, sink) };
}

const NOTHING = new CommandError(
  'conntrack -D',
  'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n',
  1,
);
const flow = { origDst: '10.96.0.10', dport: 53, dstNat: '10.244.1.2' };
const other = { origDst: '10.96.0.11', dport: 53 };

describe('flushUdpFlows', () => {
  it('runs one conntrack -D per filter; "0 flow entries" is no failure', async () => {
    const { lines, log } = logLines();
    const runner = new RecordingRunner((line) => (line.includes('10.96.0.11') ? NOTHING : ''));
    expect(await flushUdpFlows(runner, [flow, other], log)).toBe(2);
    expect(runner.commands).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
      'conntrack -D -p udp --orig-dst 10.96.0.11 --dport 53',
    ]);
    expect(lines.map((l) => [l.msg, l.flows])).toEqual([
      ['deleted stale UDP conntrack entries', ['10.96.0.10:53/UDP → 10.244.1.2', '10.96.0.11:53/UDP']],
    ]);
  });

  it('without the tool: one warning naming what stays stale and how to fix it, no further tries', async () => {
    const { lines, log } = logLines();
    const runner = new RecordingRunner(
      () => new CommandError('conntrack -D', 'spawn conntrack ENOENT', null),
    );
    expect(await flushUdpFlows(runner, [flow, other], log)).toBe(0);
    expect(runner.commands).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(40);
    expect(lines[0]!.msg).toMatch(/conntrack tool is not installed \(apt-get install conntrack\)/);
    expect(lines[0]!.flows).toEqual(['10.96.0.10:53/UDP → 10.244.1.2', '10.96.0.11:53/UDP']);
  });

  it('another failure is logged and the next filter is still tried', async () => {
    const { lines, log } = logLines();
    const runner = new RecordingRunner((line) =>
      line.includes('10.96.0.10') ? new CommandError('conntrack -D', 'Operation not permitted', 1) : '',
    );
    expect(await flushUdpFlows(runner, [flow, other], log)).toBe(1);
    expect(runner.commands).toHaveLength(2);
    expect(lines.map((l) => l.msg)).toEqual([
      'could not delete stale UDP conntrack entries',
      'deleted stale UDP conntrack entries',
    ]);
  });
});

describe('IptablesProxier and stale UDP flows', () => {
  const dnsPort = { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' };
  const webPort = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
  const dns = makeService('dns', { clusterIP: '10.96.0.10', ports: [dnsPort] });
  const web = makeService('web', { clusterIP: '10.96.0.11', ports: [webPort] });
  const dnsAt = (...ips: string[]) => makeEndpoints('dns', { dns: { port: 5353, ips, protocol: 'UDP' } });
  const webAt = (...ips: string[]) => makeEndpoints('web', { http: { port: 8080, ips } });

  function setUp(failRestore = () => false) {
    return proxierOn(
      new RecordingRunner((line) =>
        line.startsWith('iptables-restore') && failRestore() ? new Error('iptables-restore: failed') : '',
      ),
    );
  }

  function proxierOn(runner: RecordingRunner) {
    const proxier = createIptablesProxier({
      clusterCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/16',
      nodeIps: [],
      chainPrefix: 'KTST',
      runner,
      log: pino({ level: 'silent' }),
    });
    const flushes = () => runner.commands.filter((l) => l.startsWith('conntrack'));
    return { runner, proxier, flushes };
  }

  it('deletes a removed UDP endpoint’s flows after the restore that removed it, and nothing for TCP', async () => {
    const { runner, proxier, flushes } = setUp();
    await proxier.sync([dns, web], [dnsAt('10.244.1.2', '10.244.1.3'), webAt('10.244.1.2')]);
    // First sync: UDP ports that have endpoints start clean.
    expect(flushes()).toEqual(['conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53']);
    runner.commands.splice(0);
    await proxier.sync([dns, web], [dnsAt('10.244.1.3'), webAt()]);
    expect(flushes()).toEqual(['conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2']);
    const restoreAt = runner.commands.findIndex((l) => l.startsWith('iptables-restore'));
    expect(runner.commands.indexOf(flushes()[0]!)).toBeGreaterThan(restoreAt);
  });

  it('an unchanged state or a resync flushes nothing', async () => {
    const { runner, proxier, flushes } = setUp();
    await proxier.sync([dns], [dnsAt('10.244.1.2')]);
    runner.commands.splice(0);
    await proxier.sync([dns], [dnsAt('10.244.1.2')]);
    await proxier.sync([dns], [dnsAt('10.244.1.2')], { resync: true });
    expect(flushes()).toEqual([]);
  });

  it('when the restore fails nothing is flushed, and the next sync reckons from what was really applied', async () => {
    let fail = false;
    const { runner, proxier, flushes } = setUp(() => fail);
    await proxier.sync([dns], [dnsAt('10.244.1.2', '10.244.1.3')]);
    runner.commands.splice(0);
    fail = true;
    await expect(proxier.sync([dns], [dnsAt('10.244.1.3')])).rejects.toThrow(/failed/);
    expect(flushes()).toEqual([]);
    fail = false;
    await proxier.sync([dns], [dnsAt('10.244.1.3')]);
    expect(flushes()).toEqual(['conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2']);
  });

  it('a sync succeeds even when conntrack is missing', async () => {
    const { runner, proxier } = proxierOn(
      new RecordingRunner((line) =>
        line.startsWith('conntrack') ? new CommandError('conntrack', 'spawn conntrack ENOENT', null) : '',
      ),
    );
    await expect(proxier.sync([dns], [dnsAt('10.244.1.2')])).resolves.toBeUndefined();
    expect(runner.commands.at(-1)).toMatch(/^conntrack -D/);
  });
});
