// IPv4 CIDR arithmetic for pod ranges. (src/registry/cidr.ts has the same for the service range, but the
// layer arrows keep controllers from importing registry; if a third user appears, move both to api.)

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  bits: number;
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

/** "10.244.0.0/16" → {base, bits}; host bits are cleared. undefined when it is not an IPv4 CIDR. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  const ip = m ? parseIPv4(m[1]!) : undefined;
  const bits = Number(m?.[2]);
  if (ip === undefined || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits };
}

export const formatCidr = (c: Ipv4Cidr): string => `${formatIPv4(c.base)}/${c.bits}`;
