import { describe, expect, it } from 'vitest';
import { HostPortSet, podHostPorts, type HostPort } from './host-ports';
import { makePod } from './test-fixtures';

const tcp = (port: number, ip = '0.0.0.0'): HostPort => ({ protocol: 'TCP', ip, port });

describe('podHostPorts', () => {
  it('keeps only ports with a hostPort and defaults protocol and IP', () => {
    const pod = makePod('p', { hostPorts: [{ port: 80 }, { port: 53, protocol: 'UDP', ip: '10.0.0.1' }] });
    pod.spec!.containers[0]!.ports!.push({ containerPort: 8080 });
    expect(podHostPorts(pod)).toEqual([tcp(80), { protocol: 'UDP', ip: '10.0.0.1', port: 53 }]);
  });
});

describe('HostPortSet.conflicts', () => {
  it.each<[string, HostPort[], HostPort, boolean]>([
    ['empty node', [], tcp(80), false],
    ['same port, both wildcard', [tcp(80)], tcp(80), true],
    ['other port', [tcp(80)], tcp(81), false],
    ['same port, other protocol', [tcp(80)], { protocol: 'UDP', ip: '0.0.0.0', port: 80 }, false],
    ['held on wildcard, wanted on one IP', [tcp(80)], tcp(80, '10.0.0.1'), true],
    ['held on one IP, wanted on wildcard', [tcp(80, '10.0.0.1')], tcp(80), true],
    ['same IP', [tcp(80, '10.0.0.1')], tcp(80, '10.0.0.1'), true],
    ['different IPs', [tcp(80, '10.0.0.1')], tcp(80, '10.0.0.2'), false],
  ])('%s', (_name, held, wanted, conflict) => {
    const set = new HostPortSet();
    held.forEach((p) => set.add(p));
    expect(set.conflicts(wanted)).toBe(conflict);
  });

  it('a port held twice stays held until both holders leave', () => {
    const set = new HostPortSet();
    set.add(tcp(80));
    set.add(tcp(80));
    set.remove(tcp(80));
    expect(set.conflicts(tcp(80))).toBe(true);
    set.remove(tcp(80));
    expect(set.conflicts(tcp(80))).toBe(false);
    expect(set.size).toBe(0);
  });
});
