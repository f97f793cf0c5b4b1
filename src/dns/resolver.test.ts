import { describe, expect, it } from 'vitest';
import { normalizeName, parseClusterDomain, parseName, reverseName } from './names';
import { QTYPE, type DnsAnswer } from './records';
import { ClusterResolver } from './resolver';
import { catalogOf, endpoints, service } from './testing';

const web = service('default', 'web', '10.96.0.10', [
  { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { port: 9000 },
]);
const db = service('prod', 'db', 'None', [{ name: 'pg', port: 5432 }]);
const dbEndpoints = endpoints('prod', 'db', [
  {
    addresses: [{ ip: '10.244.1.5', hostname: 'db-0' }, { ip: '10.244.2.6' }],
    notReadyAddresses: [{ ip: '10.244.3.7', hostname: 'db-2' }],
    ports: [{ name: 'pg', port: 15432 }],
  },
  { addresses: [{ ip: '10.244.1.5', hostname: 'db-0' }], ports: [{ name: 'metrics', port: 9187 }] },
]);
const lazy = service('prod', 'lazy', 'None', [], { publishNotReadyAddresses: true });
const lazyEndpoints = endpoints('prod', 'lazy', [
  { notReadyAddresses: [{ ip: '10.244.3.9' }], ports: [{ port: 80 }] },
]);
const ext = service('default', 'search', '', [], {
  type: 'ExternalName',
  externalName: 'search.example.com.',
});
const empty = service('default', 'empty', 'None', [{ name: 'http', port: 80 }]);

const resolver = new ClusterResolver(catalogOf([web, db, lazy, ext, empty], [dbEndpoints, lazyEndpoints]), {
  domain: 'cluster.local',
});

/** One line per record: what `dig +short` would show, prefixed by the type. */
function short(a: DnsAnswer): string[] {
  return a.answers.map((r) => {
    switch (r.type) {
      case 'A':
        return `A ${r.address}`;
      case 'SRV':
        return `SRV ${r.priority} ${r.weight} ${r.port} ${r.target}`;
      case 'SOA':
        return `SOA ${r.primary}`;
      default:
        return `${r.type} ${r.domain}`;
    }
  });
}

describe('ClusterResolver', () => {
  const cases: [string, keyof typeof QTYPE, string, string[]][] = [
    // name, type → rcode, answers
    ['web.default.svc.cluster.local', 'A', 'NOERROR', ['A 10.96.0.10']],
    ['WEB.Default.SVC.Cluster.Local.', 'A', 'NOERROR', ['A 10.96.0.10']],
    ['web.default.svc.cluster.local', 'AAAA', 'NOERROR', []],
    ['web.default.svc.cluster.local', 'TXT', 'NOERROR', []],
    ['web.default.svc.cluster.local', 'ANY', 'NOERROR', ['A 10.96.0.10']],
    ['nope.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['nope.default.svc.cluster.local', 'AAAA', 'NXDOMAIN', []],
    ['web.other.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['x.web.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['a.b.web.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['web.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['default.svc.cluster.local', 'A', 'NOERROR', []],
    ['nobody.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['svc.cluster.local', 'A', 'NOERROR', []],
    ['cluster.local', 'A', 'NOERROR', []],
    ['cluster.local', 'SOA', 'NOERROR', ['SOA ns.dns.cluster.local']],
    // SRV for named ports, by protocol
    [
      '_http._tcp.web.default.svc.cluster.local',
      'SRV',
      'NOERROR',
      ['SRV 0 100 80 web.default.svc.cluster.local'],
    ],
    [
      '_dns._udp.web.default.svc.cluster.local',
      'SRV',
      'NOERROR',
      ['SRV 0 100 53 web.default.svc.cluster.local'],
    ],
    ['_dns._tcp.web.default.svc.cluster.local', 'SRV', 'NXDOMAIN', []],
    ['_ftp._tcp.web.default.svc.cluster.local', 'SRV', 'NXDOMAIN', []],
    ['_http._tcp.web.default.svc.cluster.local', 'A', 'NOERROR', []],
    ['_tcp.web.default.svc.cluster.local', 'SRV', 'NOERROR', []],
    ['_sctp.web.default.svc.cluster.local', 'SRV', 'NXDOMAIN', []],
    ['web.default.svc.cluster.local', 'SRV', 'NOERROR', []],
    // headless: ready addresses only, deduplicated; hostnames and dashed addresses name them
    ['db.prod.svc.cluster.local', 'A', 'NOERROR', ['A 10.244.1.5', 'A 10.244.2.6']],
    ['db-0.db.prod.svc.cluster.local', 'A', 'NOERROR', ['A 10.244.1.5']],
    ['10-244-2-6.db.prod.svc.cluster.local', 'A', 'NOERROR', ['A 10.244.2.6']],
    ['db-2.db.prod.svc.cluster.local', 'A', 'NXDOMAIN', []],
    [
      '_pg._tcp.db.prod.svc.cluster.local',
      'SRV',
      'NOERROR',
      [
        'SRV 0 50 15432 db-0.db.prod.svc.cluster.local',
        'SRV 0 50 15432 10-244-2-6.db.prod.svc.cluster.local',
      ],
    ],
    ['lazy.prod.svc.cluster.local', 'A', 'NOERROR', ['A 10.244.3.9']],
    ['empty.default.svc.cluster.local', 'A', 'NOERROR', []],
    ['_http._tcp.empty.default.svc.cluster.local', 'SRV', 'NOERROR', []],
    // ExternalName: a CNAME whatever the type; we do not chase it (no upstream)
    ['search.default.svc.cluster.local', 'A', 'NOERROR', ['CNAME search.example.com']],
    ['search.default.svc.cluster.local', 'AAAA', 'NOERROR', ['CNAME search.example.com']],
    // reverse: cluster IPs only
    ['10.0.96.10.in-addr.arpa', 'PTR', 'NOERROR', ['PTR web.default.svc.cluster.local']],
    ['10.0.96.10.in-addr.arpa.', 'A', 'NOERROR', []],
    ['11.0.96.10.in-addr.arpa', 'PTR', 'REFUSED', []],
    ['0.96.10.in-addr.arpa', 'PTR', 'REFUSED', []],
    // outside the cluster domain: no upstream
    ['example.com', 'A', 'REFUSED', []],
    ['cluster.local.example.com', 'A', 'REFUSED', []],
    ['xcluster.local', 'A', 'REFUSED', []],
    ['', 'A', 'REFUSED', []],
  ];

  it.each(cases)('%s %s → %s %j', (name, type, rcode, answers) => {
    const a = resolver.resolve(name, QTYPE[type]);
    expect(a.rcode).toBe(rcode);
    expect(short(a)).toEqual(answers);
  });

  it('answers with the name as asked, TTL 5 s, authoritative inside the zone', () => {
    const a = resolver.resolve('WEB.default.svc.cluster.local.', QTYPE.A);
    expect(a.authoritative).toBe(true);
    expect(a.answers).toEqual([
      { type: 'A', name: 'WEB.default.svc.cluster.local', ttl: 5, address: '10.96.0.10' },
    ]);
    expect(a.authorities).toEqual([]);
    expect(resolver.resolve('example.com', QTYPE.A).authoritative).toBe(false);
  });

  it('gives the SOA with NXDOMAIN and no-data answers, so both are cached for 5 s', () => {
    for (const [name, type] of [
      ['nope.default.svc.cluster.local', QTYPE.A],
      ['web.default.svc.cluster.local', QTYPE.AAAA],
    ] as const) {
      const [soa] = resolver.resolve(name, type).authorities;
      expect(soa).toMatchObject({ type: 'SOA', name: 'cluster.local', ttl: 5, minimum: 5 });
    }
  });

  it('adds the SRV targets’ addresses as additional records', () => {
    const clusterIp = resolver.resolve('_http._tcp.web.default.svc.cluster.local', QTYPE.SRV);
    expect(clusterIp.additionals).toEqual([
      { type: 'A', name: 'web.default.svc.cluster.local', ttl: 5, address: '10.96.0.10' },
    ]);
    const headless = resolver.resolve('_pg._tcp.db.prod.svc.cluster.local', QTYPE.SRV);
    expect(headless.additionals.map((r) => (r.type === 'A' ? `${r.name} ${r.address}` : r.type))).toEqual([
      'db-0.db.prod.svc.cluster.local 10.244.1.5',
      '10-244-2-6.db.prod.svc.cluster.local 10.244.2.6',
    ]);
  });

  it('answers for a headless service of 5,000 endpoints in linear time (a quadratic pass would take seconds)', () => {
    const addresses = Array.from({ length: 5000 }, (_, i) => ({ ip: `10.244.${i >> 8}.${i & 255}` }));
    const big = new ClusterResolver(
      catalogOf(
        [service('default', 'big', 'None', [{ name: 'http', port: 80 }])],
        [endpoints('default', 'big', [{ addresses, ports: [{ name: 'http', port: 8080 }] }])],
      ),
      { domain: 'cluster.local' },
    );
    const started = performance.now();
    const a = big.resolve('big.default.svc.cluster.local', QTYPE.A);
    const srv = big.resolve('_http._tcp.big.default.svc.cluster.local', QTYPE.SRV);
    expect(performance.now() - started).toBeLessThan(500);
    expect(a.answers).toHaveLength(5000);
    expect([srv.answers.length, srv.additionals.length]).toEqual([5000, 5000]);
  });

  it('serves another cluster domain', () => {
    const r = new ClusterResolver(catalogOf([web]), { domain: parseClusterDomain('Corp.Example.') });
    expect(short(r.resolve('web.default.svc.corp.example', QTYPE.A))).toEqual(['A 10.96.0.10']);
    expect(r.resolve('web.default.svc.cluster.local', QTYPE.A).rcode).toBe('REFUSED');
  });
});

describe('names', () => {
  it('normalises case and the trailing dot', () => {
    expect(normalizeName('A.B.')).toBe('a.b');
  });

  it('places names in the cluster domain, the reverse tree, or outside', () => {
    expect(parseName('a.B.cluster.local.', 'cluster.local')).toEqual({ zone: 'cluster', labels: ['a', 'b'] });
    expect(parseName('cluster.local', 'cluster.local')).toEqual({ zone: 'cluster', labels: [] });
    expect(parseName('4.3.2.1.in-addr.arpa', 'cluster.local')).toEqual({ zone: 'reverse', ip: '1.2.3.4' });
    expect(parseName('4.3.2.256.in-addr.arpa', 'cluster.local')).toEqual({ zone: 'outside' });
    expect(parseName('4.3.2.01.in-addr.arpa', 'cluster.local')).toEqual({ zone: 'outside' });
    expect(reverseName('10.96.0.1')).toBe('1.0.96.10.in-addr.arpa');
  });

  it('rejects a cluster domain that is not a DNS subdomain', () => {
    expect(() => parseClusterDomain('under_score.local')).toThrow(
      /invalid cluster domain "under_score.local"/,
    );
    expect(parseClusterDomain('cluster.local.')).toBe('cluster.local');
  });
});
