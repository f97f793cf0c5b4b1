// Names of the proxier's chains. Fixed chains are `<P>-SERVICES`, `<P>-NODEPORTS`, `<P>-POSTROUTING` and
// `<P>-MARK-MASQ`; each service port gets `<P>-SVC-<hash>` and each of its endpoints `<P>-SEP-<hash>`, the hash
// being base32 of sha256 over the port's identity, so a name never changes while the thing it names lives and
// a restarted proxy recognises its own chains. iptables allows 28 characters per chain name.
import { createHash } from 'node:crypto';

export const MAX_CHAIN_NAME = 28;
export const DEFAULT_CHAIN_PREFIX = 'KUBE';

/** Checks a chain prefix: 1–8 upper-case letters or digits, starting with a letter. Throws otherwise. */
export function checkChainPrefix(prefix: string): string {
  if (!/^[A-Z][A-Z0-9]{0,7}$/.test(prefix))
    throw new Error(
      `invalid chain prefix ${JSON.stringify(prefix)}: want 1 to 8 upper-case letters or digits, starting with a letter`,
    );
  return prefix;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding) of the first bytes of sha256(text), cut to `length` characters. */
export function hashName(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return out;
}

export interface ChainNames {
  readonly services: string;
  readonly nodePorts: string;
  readonly postrouting: string;
  readonly markMasq: string;
  /** `<P>-SVC-<hash>` for a service port identified as `ns/name:portName/PROTO`. */
  service(portId: string): string;
  /** `<P>-SEP-<hash>` for one endpoint (`ip:port`) of a service port. */
  endpoint(portId: string, endpoint: string): string;
  /**
   * True for the names this proxier makes (fixed or hashed), to find its leftovers in iptables-save. Exact, so
   * another tool's chain that merely shares the prefix (kubelet's KUBE-FIREWALL) is never touched.
   */
  owns(chain: string): boolean;
}

export function chainNames(prefix: string = DEFAULT_CHAIN_PREFIX): ChainNames {
  checkChainPrefix(prefix);
  const hashLength = Math.min(16, MAX_CHAIN_NAME - `${prefix}-SEP-`.length);
  const fixed = ['SERVICES', 'NODEPORTS', 'POSTROUTING', 'MARK-MASQ'].map((n) => `${prefix}-${n}`);
  const hashed = new RegExp(`^${prefix}-(SVC|SEP)-[A-Z2-7]{${hashLength}}$`);
  return {
    services: `${prefix}-SERVICES`,
    nodePorts: `${prefix}-NODEPORTS`,
    postrouting: `${prefix}-POSTROUTING`,
    markMasq: `${prefix}-MARK-MASQ`,
    service: (portId) => `${prefix}-SVC-${hashName(portId, hashLength)}`,
    endpoint: (portId, endpoint) => `${prefix}-SEP-${hashName(`${portId}${endpoint}`, hashLength)}`,
    owns: (chain) => fixed.includes(chain) || hashed.test(chain),
  };
}
