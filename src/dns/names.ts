// Query names, pure: normalising ("Web.Default.SVC.cluster.local." → lower case, no trailing dot), splitting a
// name into the labels below the cluster domain, and the IPv4 reverse names (d.c.b.a.in-addr.arpa).
import { isDNS1123Subdomain } from '../api/validation/names';

/** Where a question's name falls. `labels` are lower case, left to right, the domain's own labels removed. */
export type ParsedName =
  { zone: 'cluster'; labels: string[] } | { zone: 'reverse'; ip: string } | { zone: 'outside' };

/** Lower case without the trailing dot: DNS names compare case-insensitively (RFC 4343). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Checks --cluster-domain: a DNS subdomain, given with or without the trailing dot. Answers it normalised. */
export function parseClusterDomain(text: string): string {
  const domain = normalizeName(text);
  const errs = isDNS1123Subdomain(domain);
  if (errs.length) throw new Error(`invalid cluster domain ${JSON.stringify(text)}: ${errs.join('; ')}`);
  return domain;
}

/** The PTR owner name of an IPv4 address: 10.96.0.1 → 1.0.96.10.in-addr.arpa. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** The address a full four-octet reverse name stands for, or undefined (partial or malformed names). */
function reverseIp(name: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const octets = m.slice(1).reverse();
  if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) return undefined;
  return octets.join('.');
}

/** Places a question's name: inside the cluster domain (domain must be normalised), a reverse name, or neither. */
export function parseName(name: string, domain: string): ParsedName {
  const n = normalizeName(name);
  if (n === domain) return { zone: 'cluster', labels: [] };
  if (n.endsWith(`.${domain}`)) return { zone: 'cluster', labels: n.slice(0, -domain.length - 1).split('.') };
  const ip = reverseIp(n);
  return ip ? { zone: 'reverse', ip } : { zone: 'outside' };
}

/** An address as one DNS label, for endpoints without a hostname: 10.244.1.5 → 10-244-1-5 (as kube-dns). */
export function dashedIp(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}
