import { describe, expect, it } from 'vitest';
import { DEFAULT_AFFINITY_SECONDS, servicePorts } from './service-ports';
import { makeEndpoints, makeService } from './test-fixtures';

const http = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };

describe('servicePorts', () => {
  it('pairs each service port with the ready endpoints of the same port name, sorted', () => {
    const svc = makeService('web', {
      clusterIP: '10.96.0.10',
      ports: [http, { name: 'dns', port: 53, protocol: 'UDP' }],
    });
    const ep = makeEndpoints('web', {
      http: { port: 8080, ips: ['10.244.1.3', '10.244.1.2'], notReady: ['10.244.1.9'] },
      dns: { port: 5353, ips: ['10.244.1.2'], protocol: 'UDP' },
    });
    expect(servicePorts([svc], [ep])).toEqual([
      {
        id: 'default/web:dns/UDP',
        display: 'default/web:dns',
        protocol: 'udp',
        clusterIP: '10.96.0.10',
        port: 53,
        endpoints: ['10.244.1.2:5353'],
      },
      {
        id: 'default/web:http/TCP',
        display: 'default/web:http',
        protocol: 'tcp',
        clusterIP: '10.96.0.10',
        port: 80,
        endpoints: ['10.244.1.2:8080', '10.244.1.3:8080'],
      },
    ]);
  });

  it('gives an unnamed port the service name for display and no endpoints when none match', () => {
    const svc = makeService('db', { clusterIP: '10.96.0.11', ports: [{ port: 5432, protocol: 'TCP' }] });
    const other = makeEndpoints('db', { other: { port: 1, ips: ['10.244.1.2'] } });
    const [p] = servicePorts([svc], [other]);
    expect(p).toMatchObject({ id: 'default/db:/TCP', display: 'default/db', endpoints: [] });
  });

  it('skips headless and ExternalName services', () => {
    const headless = makeService('h', { clusterIP: 'None', ports: [http] });
    const external = makeService('x', { clusterIP: '', type: 'ExternalName', ports: [http] });
    expect(servicePorts([headless, external], [])).toEqual([]);
  });

  it('keeps node ports only for NodePort and LoadBalancer services', () => {
    const np = makeService('np', {
      clusterIP: '10.96.0.12',
      type: 'NodePort',
      ports: [{ ...http, nodePort: 30080 }],
    });
    const ci = makeService('ci', { clusterIP: '10.96.0.13', ports: [{ ...http, nodePort: 30081 }] });
    expect(servicePorts([np, ci], []).map((p) => [p.display, p.nodePort])).toEqual([
      ['default/ci:http', undefined],
      ['default/np:http', 30080],
    ]);
  });

  it('reads the ClientIP affinity timeout, three hours by default', () => {
    const a = makeService('a', { clusterIP: '10.96.0.14', sessionAffinity: 'ClientIP', ports: [http] });
    const b = makeService('b', {
      clusterIP: '10.96.0.15',
      sessionAffinity: 'ClientIP',
      affinitySeconds: 60,
      ports: [http],
    });
    expect(servicePorts([a, b], []).map((p) => p.affinitySeconds)).toEqual([DEFAULT_AFFINITY_SECONDS, 60]);
  });
});
