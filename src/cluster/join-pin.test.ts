import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { caCertHash, checkPin, parsePin } from './join-pin';
import { generateCa } from './pki';

/** kubeadm's recipe, done another way: forge's DER of the certificate's SubjectPublicKeyInfo. */
function spkiHashByForge(pem: string): string {
  const cert = forge.pki.certificateFromPem(pem);
  const der = forge.asn1.toDer(forge.pki.publicKeyToAsn1(cert.publicKey)).getBytes();
  return `sha256:${createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex')}`;
}

describe('the CA pin', () => {
  const ca = generateCa();
  const other = generateCa();

  it('is sha256 of the CA certificate’s DER SubjectPublicKeyInfo, as kubeadm computes it', () => {
    const pin = caCertHash(ca.cert);
    expect(pin).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pin).toBe(spkiHashByForge(ca.cert));
    expect(caCertHash(other.cert)).not.toBe(pin);
  });

  it('parses sha256:<64 hex> in any case and refuses anything else', () => {
    const hex = 'AB'.repeat(32);
    expect(parsePin(`sha256:${hex}`)).toBe(`sha256:${hex.toLowerCase()}`);
    for (const bad of ['', hex, `sha1:${hex}`, `sha256:${hex.slice(2)}`, `sha256:${'g'.repeat(64)}`])
      expect(parsePin(bad), bad).toBeUndefined();
  });

  it('accepts the pinned CA and refuses another with a line naming both hashes', () => {
    const pin = caCertHash(ca.cert);
    expect(checkPin(ca.cert, pin)).toBeUndefined();
    expect(checkPin(other.cert, pin)).toBe(
      `the cluster CA's public key hash is ${caCertHash(other.cert)}, not the --ca-cert-hash ${pin}: refusing to trust this server`,
    );
  });
});
