// DnsMetrics: the server's Prometheus series, in a registry of its own (so two servers in one test process, or
// DNS beside other components, never collide). Label values are bounded: query types we do not name are "other".
import { Counter, Histogram, Registry } from 'prom-client';
import { qtypeName, type RcodeName } from './records';

export type Transport = 'udp' | 'tcp';

export class DnsMetrics {
  readonly registry = new Registry();
  private readonly queries = new Counter({
    name: 'k8ts_dns_queries_total',
    help: 'DNS questions answered, by query type, response code and transport.',
    labelNames: ['type', 'rcode', 'transport'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'k8ts_dns_query_duration_seconds',
    help: 'Time from a parsed question to its answer handed to the socket.',
    labelNames: ['transport'] as const,
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [this.registry],
  });
  private readonly malformed = new Counter({
    name: 'k8ts_dns_malformed_requests_total',
    help: 'Messages that were not a readable query: dropped, or answered FORMERR without a question.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  answered(transport: Transport, qtype: number, rcode: RcodeName, seconds: number): void {
    this.queries.inc({ type: qtypeName(qtype), rcode, transport });
    this.duration.observe({ transport }, seconds);
  }

  rejected(transport: Transport): void {
    this.malformed.inc({ transport });
  }
}
