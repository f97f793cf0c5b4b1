import { describe, expect, it } from 'vitest';
import type { EndpointSubset, Pod } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { makePod, makeService } from '../testing/fixtures';
import { endpointsEqual, endpointsFor, endpointsObject } from './endpoints-for';

const web = { app: 'web' };
const http = [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' as const }];
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const ips = (subsets: EndpointSubset[] | undefined) => ({
  ready: (subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)),
  notReady: (subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)),
});

describe('endpointsFor: which pods', () => {
  const svc = makeService('web', web, http);
  const cases: { name: string; pod: Pod; ready?: boolean; notReady?: boolean }[] = [
    {
      name: 'ready pod → addresses',
      pod: makePod('a', { labels: web, ip: '10.244.1.2', ready: true, nodeName: 'n1' }),
      ready: true,
    },
    {
      name: 'not ready pod → notReadyAddresses',
      pod: makePod('b', { labels: web, ip: '10.244.1.3', nodeName: 'n1' }),
      notReady: true,
    },
    { name: 'no IP yet → left out', pod: makePod('c', { labels: web, ready: true }) },
    { name: 'terminal → left out', pod: makePod('d', { labels: web, ip: '10.244.1.4', phase: 'Failed' }) },
    {
      name: 'being deleted → left out',
      pod: makePod('e', { labels: web, ip: '10.244.1.5', ready: true, deleting: true }),
    },
    {
      name: 'not selected → left out',
      pod: makePod('f', { labels: { app: 'db' }, ip: '10.244.1.6', ready: true }),
    },
    {
      name: 'other namespace → left out',
      pod: makePod('g', { labels: web, ip: '10.244.1.7', ready: true, namespace: 'prod' }),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = ips(endpointsFor(svc, deepFreeze([c.pod])));
      expect(got.ready.length > 0).toBe(!!c.ready);
      expect(got.notReady.length > 0).toBe(!!c.notReady);
    });
  }

  it('writes targetRef and nodeName on every address', () => {
    const pod = makePod('a', { labels: web, ip: '10.244.1.2', ready: true, nodeName: 'n1' });
    expect(endpointsFor(svc, [pod])).toEqual([
      {
        addresses: [{ ip: '10.244.1.2', nodeName: 'n1', targetRef: ref('a') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('publishNotReadyAddresses puts every pod in addresses', () => {
    const pub = makeService('web', web, http, { publishNotReady: true });
    expect(ips(endpointsFor(pub, [makePod('b', { labels: web, ip: '10.244.1.3' })]))).toEqual({
      ready: ['10.244.1.3'],
      notReady: [],
    });
  });

  it('a service without selector is not managed', () => {
    expect(
      endpointsFor(makeService('ext', undefined, http), [makePod('a', { ip: '1.2.3.4' })]),
    ).toBeUndefined();
  });

  it('no pods gives empty subsets (the Endpoints exist but are empty)', () => {
    expect(endpointsFor(svc, [])).toEqual([]);
  });
});

describe('endpointsFor: ports', () => {
  it('a named targetPort resolves per pod; pods without the name are skipped for that port only', () => {
    const svc = makeService('web', web, [
      { name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
    ]);
    const pods = [
      makePod('v1', { labels: web, ip: '10.244.1.2', ready: true, ports: { web: 8080 } }),
      makePod('v2', { labels: web, ip: '10.244.1.3', ready: true, ports: { web: 8081 } }),
      makePod('bare', { labels: web, ip: '10.244.1.4', ready: true }),
    ];
    // Each port's address set decides the grouping: http differs per pod, metrics is served by all three.
    expect(endpointsFor(svc, pods)).toEqual([
      {
        addresses: [{ ip: '10.244.1.2', targetRef: ref('v1') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      {
        addresses: [{ ip: '10.244.1.3', targetRef: ref('v2') }],
        ports: [{ name: 'http', port: 8081, protocol: 'TCP' }],
      },
      {
        addresses: [
          { ip: '10.244.1.2', targetRef: ref('v1') },
          { ip: '10.244.1.3', targetRef: ref('v2') },
          { ip: '10.244.1.4', targetRef: ref('bare') },
        ],
        ports: [{ name: 'metrics', port: 9090, protocol: 'TCP' }],
      },
    ]);
  });

  it('a named port must match the protocol too', () => {
    const svc = makeService('dns', web, [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }]);
    expect(
      endpointsFor(svc, [makePod('a', { labels: web, ip: '10.244.1.2', ready: true, ports: { dns: 53 } })]),
    ).toEqual([]);
  });

  it('unset targetPort means the service port', () => {
    const svc = makeService('web', web, [{ port: 80 }]);
    expect(
      endpointsFor(svc, [makePod('a', { labels: web, ip: '10.244.1.2', ready: true })])?.[0]?.ports,
    ).toEqual([{ port: 80, protocol: 'TCP' }]);
  });

  it('a headless service without ports lists addresses alone', () => {
    const svc = makeService('db', web, [], { headless: true });
    expect(endpointsFor(svc, [makePod('a', { labels: web, ip: '10.244.1.2', ready: true })])).toEqual([
      { addresses: [{ ip: '10.244.1.2', targetRef: ref('a') }] },
    ]);
  });

  it('ready and not-ready pods serving the same ports share one subset, sorted numerically by IP', () => {
    const svc = makeService('web', web, http);
    const pods = [
      makePod('c', { labels: web, ip: '10.244.1.10', ready: true }),
      makePod('a', { labels: web, ip: '10.244.1.9', ready: true }),
      makePod('b', { labels: web, ip: '10.244.1.11' }),
    ];
    expect(endpointsFor(svc, pods)).toEqual([
      {
        addresses: [
          { ip: '10.244.1.9', targetRef: ref('a') },
          { ip: '10.244.1.10', targetRef: ref('c') },
        ],
        notReadyAddresses: [{ ip: '10.244.1.11', targetRef: ref('b') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });
});

describe('endpointsEqual and endpointsObject', () => {
  const svc = makeService('web', web, http);
  const pods = [
    makePod('a', { labels: web, ip: '10.244.1.2', ready: true }),
    makePod('b', { labels: web, ip: '10.244.1.3', ready: true }),
  ];
  const subsets = endpointsFor(svc, pods)!;

  it('equal regardless of the order the stored object lists addresses in', () => {
    const stored = {
      subsets: [{ ports: subsets[0]!.ports, addresses: [...subsets[0]!.addresses!].reverse() }],
    };
    expect(endpointsEqual(stored, subsets)).toBe(true);
    expect(endpointsEqual(stored, endpointsFor(svc, pods.slice(0, 1))!)).toBe(false);
    expect(endpointsEqual(undefined, [])).toBe(true);
  });

  it('the object carries the service labels and the stored resourceVersion', () => {
    expect(endpointsObject(svc, subsets, { metadata: { name: 'web', resourceVersion: '42' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'web', namespace: 'default', labels: { svc: 'web' }, resourceVersion: '42' },
      subsets,
    });
    const headless = makeService('db', web, [], { headless: true });
    expect(endpointsObject(headless, []).metadata?.labels).toEqual({
      svc: 'db',
      'service.kubernetes.io/headless': '',
    });
  });
});
