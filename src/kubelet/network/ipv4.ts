// IPv4 arithmetic for pod ranges: parse a CIDR, turn addresses into numbers and back. Pure.

export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  network: number;
  prefixLength: number;
  /** Number of addresses in the range, network and broadcast included. */
  size: number;
}

export function parseIpv4(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Parses `10.244.0.0/24`; host bits must be zero so a typo does not silently shift the range. */
export function parseCidr(cidr: string): Ipv4Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  const prefixLength = m ? Number(m[2]) : NaN;
  if (!m || prefixLength > 30 || prefixLength < 8) {
    throw new Error(`invalid pod CIDR ${JSON.stringify(cidr)}: want an IPv4 range from /8 to /30`);
  }
  const network = parseIpv4(m[1]!);
  const size = 2 ** (32 - prefixLength);
  if (network % size !== 0) throw new Error(`invalid pod CIDR ${JSON.stringify(cidr)}: host bits are set`);
  return { network, prefixLength, size };
}

/** The bridge (gateway) address of a pod range: its first host, `.1` in a /24. */
export function gatewayOf(cidr: string): string {
  return formatIpv4(parseCidr(cidr).network + 1);
}

export function contains(range: Ipv4Cidr, ip: string): boolean {
  const n = parseIpv4(ip);
  return n >= range.network && n < range.network + range.size;
}
