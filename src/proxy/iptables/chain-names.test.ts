import { describe, expect, it } from 'vitest';
import { chainNames, checkChainPrefix, hashName, MAX_CHAIN_NAME } from './chain-names';

describe('chain names', () => {
  it('names the fixed chains after the prefix', () => {
    const n = chainNames('KTST');
    expect([n.services, n.nodePorts, n.postrouting, n.markMasq]).toEqual([
      'KTST-SERVICES',
      'KTST-NODEPORTS',
      'KTST-POSTROUTING',
      'KTST-MARK-MASQ',
    ]);
  });

  it('hashes are stable, base32, and differ per port and per endpoint', () => {
    const n = chainNames();
    const svc = n.service('default/web:http/TCP');
    expect(svc).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    expect(n.service('default/web:http/TCP')).toBe(svc);
    expect(n.service('default/web:http/UDP')).not.toBe(svc);
    expect(n.endpoint('default/web:http/TCP', '10.0.0.1:80')).not.toBe(
      n.endpoint('default/web:http/TCP', '10.0.0.2:80'),
    );
    // sha256("abc") starts ba 78 16 bf → 10111 01001 11100 00001 01101 ...
    expect(hashName('abc', 5)).toBe('XJ4BN');
  });

  it('keeps every name within iptables’ 28 characters, whatever the prefix length', () => {
    for (const prefix of ['K', 'KUBE', 'ABCDEFGH']) {
      const n = chainNames(prefix);
      for (const name of [n.postrouting, n.service('a/b:c/TCP'), n.endpoint('a/b:c/TCP', '1.2.3.4:5')])
        expect(name.length, name).toBeLessThanOrEqual(MAX_CHAIN_NAME);
    }
  });

  it('owns only the names it makes, not other chains sharing the prefix', () => {
    const n = chainNames();
    expect(n.owns('KUBE-SERVICES')).toBe(true);
    expect(n.owns(n.endpoint('a/b:c/TCP', '1.2.3.4:5'))).toBe(true);
    expect(n.owns('KUBE-FIREWALL')).toBe(false);
    expect(n.owns('KUBE-SVC-short')).toBe(false);
    expect(chainNames('KTST').owns('KUBE-SERVICES')).toBe(false);
  });

  it.each(['', 'kube', 'KUBE-X', '1KUBE', 'ABCDEFGHI'])('rejects the prefix %j', (prefix) => {
    expect(() => checkChainPrefix(prefix)).toThrow(/invalid chain prefix/);
  });
});
