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
        protocol: 'UDP',
        clusterIP: '10.96.0.10',
        port: 53,
        endpoints: ['10.244.1.5:5353', '10.244.2.5:5353'],
      },
      {
        name: 'ns/dns:dns-tcp',
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
      { name: 'ns/web', protocol: 'TCP', clusterIP: '10.96.0.20', port: 80, endpoints: [] },
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
});
