import { describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../api/types';
import { servicePorts } from './service-ports';

const svc = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'ns' }, spec });
const eps = (name: string, subsets: Endpoints['subsets']): Endpoints => ({
  metadata: { name, namespace: 'ns' },
  subsets,
});

describe('servicePorts', () => {
  it('flattens each port, with the ready addresses at the endpoint port of the same name and protocol', () => {
    const dns = svc('dns', {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    });
    const ready = [{ ip: '10.244.2.5' }, { ip: '10.244.1.5' }];
    const dnsEps = eps('dns', [
      {
        addresses: ready,
        notReadyAddresses: [{ ip: '10.244.3.5' }],
        ports: [
          { name: 'dns', port: 5353, protocol: 'UDP' },
          { name: 'dns-tcp', port: 5354, protocol: 'TCP' },
        ],
      },
      { addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'dns', port: 5353, protocol: 'UDP' }] },
    ]);
    expect(servicePorts([dns], [dnsEps])).toEqual([
      {
        name: 'ns/dns:dns',
        id: 'ns/dns:dns/UDP',
        protocol: 'UDP',
        clusterIP: '10.96.0.10',
        port: 53,
        endpoints: ['10.244.1.5:5353', '10.244.2.5:5353'],
      },
      {
        name: 'ns/dns:dns-tcp',
        id: 'ns/dns:dns-tcp/TCP',
        protocol: 'TCP',
        clusterIP: '10.96.0.10',
        port: 53,
        endpoints: ['10.244.1.5:5354', '10.244.2.5:5354'],
      },
    ]);
  });

  it('skips headless and ExternalName services; an unnamed port defaults to TCP and has no endpoints', () => {
    const services = [
      svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
      svc('ext', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] }),
      svc('pending', { ports: [{ port: 80 }] }),
      svc('web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] }),
    ];
    expect(servicePorts(services, [])).toEqual([
      {
        name: 'ns/web',
        id: 'ns/web:/TCP',
        protocol: 'TCP',
        clusterIP: '10.96.0.20',
        port: 80,
        endpoints: [],
      },
    ]);
  });

  it('carries node ports only for NodePort services, and the affinity timeout (default 3 hours)', () => {
    const services = [
      svc('np', { type: 'NodePort', clusterIP: '10.96.0.30', ports: [{ port: 80, nodePort: 30080 }] }),
      svc('cip', {
        clusterIP: '10.96.0.31',
        ports: [{ port: 80, nodePort: 30081 }],
        sessionAffinity: 'ClientIP',
      }),
      svc('short', {
        clusterIP: '10.96.0.32',
        ports: [{ port: 80 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 30 } },
      }),
    ];
    const got = servicePorts(services, []).map((p) => [p.name, p.nodePort, p.affinityTimeoutSeconds]);
    expect(got).toEqual([
      ['ns/cip', undefined, 10_800],
      ['ns/np', 30080, undefined],
      ['ns/short', undefined, 30],
    ]);
  });

  it('skips ports with an unknown protocol or an impossible number, and endpoint ports likewise', () => {
    const services = [
      svc('odd', {
        clusterIP: '10.96.0.40',
        ports: [
          { name: 'a', port: 80, protocol: 'ICMP' },
          { name: 'b', port: 70_000 },
          { name: 'c', port: 81 },
        ],
      }),
    ];
    const odd = eps('odd', [
      { addresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'c', port: 0 }] },
      { addresses: [{ ip: '10.244.1.3' }], ports: [{ name: 'c', port: 8081 }] },
    ]);
    expect(servicePorts(services, [odd]).map((p) => [p.id, p.endpoints])).toEqual([
      ['ns/odd:c/TCP', ['10.244.1.3:8081']],
    ]);
  });

  it('falls back to the default affinity timeout for a timeout that is not a positive integer', () => {
    const s = svc('bad', {
      clusterIP: '10.96.0.41',
      ports: [{ port: 80 }],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: -5 } },
    });
    expect(servicePorts([s], [])[0]!.affinityTimeoutSeconds).toBe(10_800);
  });
});
