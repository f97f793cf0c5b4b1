// IP and CIDR syntax for clusterIP, endpoint addresses and node pod ranges, worded as Kubernetes does.
import { isIP } from 'node:net';

export const IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const CIDR_DETAIL = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

export function isValidIP(value: string): boolean {
  return isIP(value) !== 0;
}

export function isValidCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const family = isIP(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (family === 0 || !/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Addresses an endpoint may never point at. Kubernetes also forbids loopback; k8ts allows it on
 * purpose, because its in-process tests and single-machine clusters put real backends on 127.0.0.0/8.
 */
export function specialIPError(ip: string): string | undefined {
  if (ip === '0.0.0.0' || ip === '::') return 'may not be unspecified (0.0.0.0)';
  if (ip.startsWith('169.254.')) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if (ip.startsWith('224.0.0.'))
    return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}
