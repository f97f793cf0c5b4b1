// ClusterResolver: the cluster zone as a pure function of the informer caches — question (name, type) in,
// answer out, no I/O. The names, after Kubernetes' DNS specification:
//   <svc>.<ns>.svc.<domain>                  A: the cluster IP; headless: one A per ready endpoint address;
//                                            ExternalName: a CNAME to spec.externalName
//   <host>.<svc>.<ns>.svc.<domain>           A: a headless service's endpoint address with that hostname (or
//                                            that address written with dashes, 10-244-1-5)
//   _<port>._<proto>.<svc>.<ns>.svc.<domain> SRV: per named port; the cluster IP's name, or one per endpoint
//   d.c.b.a.in-addr.arpa                     PTR: a.b.c.d is a cluster IP → <svc>.<ns>.svc.<domain>
// A name that exists but has no record of the asked type (AAAA for a service: the cluster is IPv4) is NOERROR
// with no answers; a name in the cluster domain that does not exist is NXDOMAIN; both carry the zone's SOA.
// Names outside the zones we own are REFUSED: this server has no upstream (nodes have no network, pods must not
// leave the machine), and REFUSED says exactly that, where NXDOMAIN would claim the name does not exist and be
// cached as such. Stub resolvers try the cluster search domains first, which are answered, then the bare name.
import type { Endpoints, EndpointAddress, Service, ServicePort } from '../api/types';
import type { ServiceCatalog } from './catalog';
import { dashedIp, parseName } from './names';
import { DNS_TTL_SECONDS, type DnsAnswer, type DnsRecord, QTYPE, type RcodeName } from './records';

export interface ResolverOptions {
  /** The cluster domain, normalised (parseClusterDomain). */
  domain: string;
  ttl?: number;
}

const empty = (rcode: RcodeName, authoritative: boolean): DnsAnswer => ({
  rcode,
  authoritative,
  answers: [],
  authorities: [],
  additionals: [],
});

const isHeadless = (svc: Service) => svc.spec?.clusterIP === 'None';

/** A name's records; glue is the addresses of its SRV targets, sent along as additional records. */
interface NameData {
  records: DnsRecord[];
  glue?: DnsRecord[];
}

const only = (records: DnsRecord[] | undefined): NameData | undefined => records && { records };

export class ClusterResolver {
  private readonly domain: string;
  private readonly ttl: number;

  constructor(
    private readonly catalog: ServiceCatalog,
    options: ResolverOptions,
  ) {
    this.domain = options.domain;
    this.ttl = options.ttl ?? DNS_TTL_SECONDS;
  }

  /** Answers one question. `name` is as asked (any case, trailing dot or not); answers carry it unchanged. */
  resolve(name: string, qtype: number): DnsAnswer {
    const owner = name.replace(/\.$/, '');
    const parsed = parseName(owner, this.domain);
    if (parsed.zone === 'outside') return empty('REFUSED', false);
    if (parsed.zone === 'reverse') {
      // We know single addresses of the reverse tree, not a zone of it: no SOA to offer.
      const svc = this.catalog.serviceByClusterIP(parsed.ip);
      if (!svc) return empty('REFUSED', false);
      const ptr: DnsRecord = { type: 'PTR', name: owner, ttl: this.ttl, domain: this.serviceName(svc) };
      const hit = qtype === QTYPE.PTR || qtype === QTYPE.ANY;
      return { ...empty('NOERROR', true), answers: hit ? [ptr] : [] };
    }
    const records = this.clusterRecords(owner, [...parsed.labels].reverse());
    if (!records) return { ...empty('NXDOMAIN', true), authorities: [this.soa()] };
    return this.select(records, qtype);
  }

  /** Picks the asked type out of a name's records; a CNAME answers every type (RFC 1034 §3.6.2). */
  private select({ records, glue = [] }: NameData, qtype: number): DnsAnswer {
    const cname = records.filter((r) => r.type === 'CNAME');
    const answers =
      qtype === QTYPE.ANY ? records : cname.length ? cname : records.filter((r) => QTYPE[r.type] === qtype);
    if (!answers.length) return { ...empty('NOERROR', true), authorities: [this.soa()] };
    const srv = answers.some((r) => r.type === 'SRV');
    return { ...empty('NOERROR', true), answers, additionals: srv ? glue : [] };
  }

  /** Records of a name below the domain, given its labels from the right ("svc", ns, service, ...). */
  private clusterRecords(owner: string, fromRight: string[]): NameData | undefined {
    const [zone, ns, svcName, ...rest] = fromRight;
    if (zone === undefined) return only([this.soa()]);
    if (zone !== 'svc') return undefined;
    if (ns === undefined) return only([]);
    if (svcName === undefined) return this.catalog.hasNamespace(ns) ? only([]) : undefined;
    const svc = this.catalog.service(ns, svcName);
    if (!svc) return undefined;
    if (rest.length === 0) return only(this.serviceRecords(owner, svc));
    if (svc.spec?.type === 'ExternalName') return undefined;
    if (rest.length === 1) return only(this.hostRecords(owner, svc, rest[0]!));
    if (rest.length === 2) return this.srvRecords(owner, svc, rest[1]!, rest[0]!);
    return undefined;
  }

  private serviceRecords(owner: string, svc: Service): DnsRecord[] {
    const ttl = this.ttl;
    if (svc.spec?.type === 'ExternalName') {
      const target = svc.spec.externalName?.replace(/\.$/, '');
      return target ? [{ type: 'CNAME', name: owner, ttl, domain: target }] : [];
    }
    const ips = isHeadless(svc)
      ? [...new Set(this.readyAddresses(svc).map((a) => a.ip))]
      : svc.spec?.clusterIP
        ? [svc.spec.clusterIP]
        : [];
    return ips.map((address) => ({ type: 'A', name: owner, ttl, address }));
  }

  /** `<host>.<svc>...`: only headless services name their endpoints, and `_tcp.<svc>...` exists (empty). */
  private hostRecords(owner: string, svc: Service, label: string): DnsRecord[] | undefined {
    if (label.startsWith('_'))
      return this.servicePorts(svc, undefined, label.slice(1)).length ? [] : undefined;
    if (!isHeadless(svc)) return undefined;
    const ips = this.readyAddresses(svc)
      .filter((a) => a.hostname?.toLowerCase() === label || dashedIp(a.ip) === label)
      .map((a) => a.ip);
    if (!ips.length) return undefined;
    return [...new Set(ips)].map((address) => ({ type: 'A', name: owner, ttl: this.ttl, address }));
  }

  private srvRecords(
    owner: string,
    svc: Service,
    portLabel: string,
    protoLabel: string,
  ): NameData | undefined {
    if (!portLabel.startsWith('_') || !protoLabel.startsWith('_')) return undefined;
    const [portName, proto] = [portLabel.slice(1), protoLabel.slice(1)];
    const port = this.servicePorts(svc, portName, proto)[0];
    if (!port) return undefined;
    const srv = (target: string, p: number, weight: number): DnsRecord => ({
      type: 'SRV',
      name: owner,
      ttl: this.ttl,
      priority: 0,
      weight,
      port: p,
      target,
    });
    const a = (name: string, address: string): DnsRecord => ({ type: 'A', name, ttl: this.ttl, address });
    if (!isHeadless(svc)) {
      const target = this.serviceName(svc);
      const clusterIP = svc.spec?.clusterIP;
      return { records: [srv(target, port.port, 100)], glue: clusterIP ? [a(target, clusterIP)] : [] };
    }
    const targets = this.endpointPorts(svc, portName, proto);
    const weight = Math.max(1, Math.floor(100 / Math.max(1, targets.length)));
    const named = targets.map((t) => ({ ...t, target: this.endpointName(svc, t.address) }));
    return {
      records: named.map((t) => srv(t.target, t.port, weight)),
      glue: named.map((t) => a(t.target, t.address.ip)),
    };
  }

  /** Named ports of the service matching name (when given) and protocol (TCP when unset), compared lower case. */
  private servicePorts(svc: Service, name: string | undefined, proto: string): ServicePort[] {
    return (svc.spec?.ports ?? []).filter(
      (p) =>
        p.name &&
        (name === undefined || p.name.toLowerCase() === name) &&
        (p.protocol ?? 'TCP').toLowerCase() === proto,
    );
  }

  /** Ready addresses serving the named port, each with the endpoint's port number. */
  private endpointPorts(svc: Service, name: string, proto: string) {
    const out: { address: EndpointAddress; port: number }[] = [];
    for (const subset of this.subsets(svc)) {
      const port = subset.ports.find(
        (p) => p.name?.toLowerCase() === name && (p.protocol ?? 'TCP').toLowerCase() === proto,
      );
      if (port) for (const address of subset.addresses) out.push({ address, port: port.port });
    }
    return out;
  }

  private readyAddresses(svc: Service): EndpointAddress[] {
    return this.subsets(svc).flatMap((s) => s.addresses);
  }

  /** Subsets with the addresses DNS publishes: the ready ones, and not-ready ones if the service asks. */
  private subsets(svc: Service) {
    const ep: Endpoints | undefined = this.catalog.endpoints(
      svc.metadata?.namespace ?? '',
      svc.metadata?.name ?? '',
    );
    const notReady = svc.spec?.publishNotReadyAddresses === true;
    return (ep?.subsets ?? []).map((s) => ({
      addresses: [...(s.addresses ?? []), ...(notReady ? (s.notReadyAddresses ?? []) : [])],
      ports: s.ports ?? [],
    }));
  }

  private serviceName(svc: Service): string {
    return `${svc.metadata?.name}.${svc.metadata?.namespace}.svc.${this.domain}`;
  }

  private endpointName(svc: Service, address: EndpointAddress): string {
    return `${address.hostname || dashedIp(address.ip)}.${this.serviceName(svc)}`;
  }

  /** The zone's SOA; its minimum (the negative-caching TTL, RFC 2308) is the record TTL. */
  private soa(): DnsRecord {
    return {
      type: 'SOA',
      name: this.domain,
      ttl: this.ttl,
      primary: `ns.dns.${this.domain}`,
      admin: `hostmaster.${this.domain}`,
      serial: 1,
      refresh: 7200,
      retry: 1800,
      expiration: 86400,
      minimum: this.ttl,
    };
  }
}
