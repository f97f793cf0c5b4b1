// The resolver's vocabulary, independent of any DNS wire library: question types and response codes by their
// RFC 1035 numbers, the records the cluster zone can hold, and one answer. The server turns these into packets.

/** Question and record types we answer or name in metrics (RFC 1035 §3.2.2, RFC 2782, RFC 3596). */
export const QTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  ANY: 255,
} as const;

export type QTypeName = keyof typeof QTYPE;

/** Response codes (RFC 1035 §4.1.1). */
export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export type RcodeName = keyof typeof RCODE;

/** Every record the cluster zone serves lives this long in caches, so changes show within seconds. */
export const DNS_TTL_SECONDS = 5;

interface RecordBase {
  /** Owner name, without a trailing dot. */
  name: string;
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A'; address: string })
  | (RecordBase & { type: 'CNAME' | 'PTR'; domain: string })
  | (RecordBase & { type: 'SRV'; priority: number; weight: number; port: number; target: string })
  | (RecordBase & {
      type: 'SOA';
      primary: string;
      admin: string;
      serial: number;
      refresh: number;
      retry: number;
      expiration: number;
      minimum: number;
    });

export interface DnsAnswer {
  rcode: RcodeName;
  /** AA bit: set for everything inside the zones we own (cluster domain, known reverse names). */
  authoritative: boolean;
  answers: DnsRecord[];
  /** The zone's SOA on NXDOMAIN and no-data answers, so resolvers cache the negative answer 5 s (RFC 2308). */
  authorities: DnsRecord[];
  /** Addresses of SRV targets, saving the client a second query. */
  additionals: DnsRecord[];
}

/** "A" for 1, "other" for anything we do not name: metric labels stay a small fixed set. */
export function qtypeName(qtype: number): QTypeName | 'other' {
  for (const [name, n] of Object.entries(QTYPE)) if (n === qtype) return name as QTypeName;
  return 'other';
}
