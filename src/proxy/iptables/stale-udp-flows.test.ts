import { describe, expect, it } from 'vitest';
import type { ServicePortInfo } from '../service-ports';
import { conntrackArgs, staleUdpFlows } from './stale-udp-flows';

function udp(name: string, endpoints: string[], more: Partial<ServicePortInfo> = {}): ServicePortInfo {
  return {
    name: `default/${name}`,
    id: `default/${name}:/UDP`,
    protocol: 'UDP',
    clusterIP: '10.96.0.10',
    port: 53,
    endpoints,
    ...more,
  };
}

/** The conntrack command lines a change leads to. */
const lines = (before: ServicePortInfo[], after: ServicePortInfo[]) =>
  staleUdpFlows(before, after).map((f) => ['conntrack', ...conntrackArgs(f)].join(' '));

const A = '10.244.1.2:5353';
const B = '10.244.1.3:5353';

describe('staleUdpFlows', () => {
  it('an endpoint removed: only the flows DNATed to it', () => {
    expect(lines([udp('dns', [A, B])], [udp('dns', [B])])).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
    ]);
  });

  it('an endpoint added to others, or nothing changed: nothing', () => {
    expect(lines([udp('dns', [B])], [udp('dns', [A, B])])).toEqual([]);
    expect(lines([udp('dns', [A, B])], [udp('dns', [A, B])])).toEqual([]);
  });

  it('the first endpoint of a port: every flow to it, since none of them was DNATed', () => {
    expect(lines([udp('dns', [])], [udp('dns', [A])])).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53',
    ]);
    // A proxy that starts (or a port that appears) with endpoints: flows the userspace mode left behind.
    expect(lines([], [udp('dns', [A])])).toEqual(['conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53']);
  });

  it('the last endpoint gone, or the port removed: the flows to each old endpoint', () => {
    const gone = [
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.3',
    ];
    expect(lines([udp('dns', [A, B])], [udp('dns', [])])).toEqual(gone);
    expect(lines([udp('dns', [A, B])], [])).toEqual(gone);
  });

  it('an endpoint renumbered on the same address: its old flows go', () => {
    expect(lines([udp('dns', [A])], [udp('dns', ['10.244.1.2:53'])])).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
    ]);
  });

  it('a new cluster IP: the old address’s DNATed flows go and the new one starts clean', () => {
    expect(lines([udp('dns', [A])], [udp('dns', [A], { clusterIP: '10.96.0.11' })])).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
      'conntrack -D -p udp --orig-dst 10.96.0.11 --dport 53',
    ]);
  });

  it('node ports: the same decisions for any address at the node port', () => {
    const before = udp('dns', [A, B], { nodePort: 30053 });
    expect(lines([before], [udp('dns', [B], { nodePort: 30053 })])).toEqual([
      'conntrack -D -p udp --dport 30053 --dst-nat 10.244.1.2',
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
    ]);
    expect(lines([udp('dns', [])], [udp('dns', [A], { nodePort: 30053 })])).toEqual([
      'conntrack -D -p udp --dport 30053',
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53',
    ]);
  });

  it('TCP and SCTP ports never: the dead endpoint resets and the client reconnects through the new rules', () => {
    const tcp = udp('web', [A, B], { protocol: 'TCP', id: 'default/web:/TCP' });
    expect(lines([tcp], [{ ...tcp, endpoints: [] }])).toEqual([]);
    expect(lines([], [{ ...tcp, protocol: 'SCTP' }])).toEqual([]);
  });

  it('an endpoint that another UDP port on the same frontend still uses is kept', () => {
    // Two service ports cannot share a cluster IP and port; the node port frontend is what can be shared
    // across a rename (old port removed, new one added) in one sync.
    const old = udp('dns', [A], { nodePort: 30053 });
    const renamed = udp('dns2', [A], { nodePort: 30053, clusterIP: '10.96.0.12', id: 'default/dns2:/UDP' });
    expect(lines([old], [renamed])).toEqual([
      'conntrack -D -p udp --orig-dst 10.96.0.10 --dport 53 --dst-nat 10.244.1.2',
      'conntrack -D -p udp --orig-dst 10.96.0.12 --dport 53',
    ]);
  });
});
