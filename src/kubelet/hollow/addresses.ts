// Made-up addresses for hollow nodes. They are never sent traffic — only written into Node and Pod status —
// so they come from ranges chosen not to clash with the cluster's real ones: node IPs from 10.254.0.0/16 and,
// when the controller has not assigned a pod range, a /24 of 10.128.0.0/9 per node.
import { formatCidr, formatIPv4, nthSubnet, parseCidr, parseIPv4 } from '../../util';

const NODE_NET = parseIPv4('10.254.0.0');
const FALLBACK_POD_NET = parseCidr('10.128.0.0/9');

/** The i-th hollow node's InternalIP: 10.254.0.2, 10.254.0.3, … (250 per third octet; 64,000 nodes). */
export function hollowNodeIp(i: number): string {
  return formatIPv4(NODE_NET + Math.floor(i / 250) * 256 + (i % 250) + 2);
}

/** The i-th hollow node's pod range when the API gives it none: 10.128.0.0/24, 10.128.1.0/24, … */
export function fallbackPodCidr(i: number): string {
  return formatCidr(nthSubnet(FALLBACK_POD_NET, 24, i));
}
