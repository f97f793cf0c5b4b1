// IPv4 and CIDR arithmetic, pure: dotted quads ↔ unsigned 32-bit numbers, ranges, their addresses and their
// sub-ranges. The one home of this for the service range (registry), the cluster's pod ranges (node
// lifecycle controller) and a node's pod range (kubelet). Syntax checks with Kubernetes' wording for API
// fields stay in api/validation, which also knows IPv6.

/** A range as numbers. The network address has its host bits cleared. */
export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefixLength: number;
  /** Number of addresses in the range, network and broadcast included. */
  readonly size: number;
}

/** What a caller accepts besides the syntax; it also names the value in error messages. */
export interface CidrRules {
  /** Names the value in errors: `invalid ${what} "…": …`. Default `CIDR`. */
  what?: string;
  /** Smallest and largest prefix length accepted; default 0 and 32. */
  minPrefix?: number;
  maxPrefix?: number;
  /** Reject set host bits ("10.0.0.1/24") so a typo cannot silently shift the range; default: clear them. */
  exact?: boolean;
}

/** Octets are 0–255 without leading zeros, as Go's net.ParseIP reads them since Go 1.17. */
function tryParseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** "10.0.0.1" → 167772161. Throws `invalid IPv4 address "…"`. */
export function parseIPv4(text: string): number {
  const n = tryParseIPv4(text);
  if (n === undefined) throw new Error(`invalid IPv4 address ${JSON.stringify(text)}`);
  return n;
}

export const formatIPv4 = (n: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** The parsed range, or why text is not one under the rules. */
function readCidr(text: string, rules: CidrRules): Ipv4Cidr | string {
  const { minPrefix = 0, maxPrefix = 32 } = rules;
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  const prefixLength = Number(m?.[2]);
  if (!m || prefixLength < minPrefix || prefixLength > maxPrefix)
    return `want an IPv4 CIDR from /${minPrefix} to /${maxPrefix}`;
  const ip = tryParseIPv4(m[1]!);
  if (ip === undefined) return `invalid IPv4 address ${JSON.stringify(m[1])}`;
  const size = 2 ** (32 - prefixLength);
  if (rules.exact && ip % size !== 0) return 'host bits are set';
  return { network: ip - (ip % size), prefixLength, size };
}

/** "10.244.0.0/16" → its range. Throws `invalid CIDR "…": <why>` (`what` from the rules). */
export function parseCidr(text: string, rules: CidrRules = {}): Ipv4Cidr {
  const c = readCidr(text, rules);
  if (typeof c === 'string') throw new Error(`invalid ${rules.what ?? 'CIDR'} ${JSON.stringify(text)}: ${c}`);
  return c;
}

/** parseCidr for text from elsewhere (another node's spec): undefined instead of an error. */
export function tryParseCidr(text: string): Ipv4Cidr | undefined {
  const c = readCidr(text, {});
  return typeof c === 'string' ? undefined : c;
}

export const formatCidr = (c: Ipv4Cidr): string => `${formatIPv4(c.network)}/${c.prefixLength}`;

/** The offset of ip inside the range (0 is the network address), or undefined when ip is not in it. */
export function offsetIn(c: Ipv4Cidr, ip: string): number | undefined {
  const n = tryParseIPv4(ip);
  if (n === undefined || n < c.network || n >= c.network + c.size) return undefined;
  return n - c.network;
}

/** The address at offset n of the range: 1 is its first host (a gateway, the `kubernetes` service). */
export const nthAddress = (c: Ipv4Cidr, n: number): string => formatIPv4(c.network + n);

/** The i-th range of length prefixLength inside c: nthSubnet(10.244.0.0/16, 24, 3) is 10.244.3.0/24. */
export function nthSubnet(c: Ipv4Cidr, prefixLength: number, i: number): Ipv4Cidr {
  const size = 2 ** (32 - prefixLength);
  return { network: c.network + i * size, prefixLength, size };
}

/** The inverse of nthSubnet: which sub-range of outer inner is, or undefined when it lies outside. */
export function subnetIndex(outer: Ipv4Cidr, inner: Ipv4Cidr): number | undefined {
  const offset = inner.network - outer.network;
  if (inner.prefixLength < outer.prefixLength || offset < 0 || offset >= outer.size) return undefined;
  return offset / inner.size;
}
