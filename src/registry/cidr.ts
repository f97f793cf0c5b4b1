// IPv4 CIDR arithmetic for the service range: parse "10.96.0.0/16", map addresses to offsets and back.

export interface Cidr {
  /** The text as configured, e.g. "10.96.0.0/16". */
  readonly text: string;
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Number of addresses, network and broadcast included. */
  readonly size: number;
}

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export const formatIPv4 = (n: number): string =>
  [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseCidr(text: string): Cidr {
  const [addr, bitsText] = text.split('/');
  const ip = parseIPv4(addr ?? '');
  const bits = Number(bitsText);
  if (ip === undefined || !/^[0-9]{1,2}$/.test(bitsText ?? '') || bits > 30 || bits < 8)
    throw new Error(`invalid service IP range ${JSON.stringify(text)}: want an IPv4 CIDR from /8 to /30`);
  const size = 2 ** (32 - bits);
  const base = ip - (ip % size);
  return { text: `${formatIPv4(base)}/${bits}`, base, size };
}

/** The offset of ip inside the range, or undefined when it is not an address of the range. */
export function offsetIn(cidr: Cidr, ip: string): number | undefined {
  const n = parseIPv4(ip);
  if (n === undefined || n < cidr.base || n >= cidr.base + cidr.size) return undefined;
  return n - cidr.base;
}
