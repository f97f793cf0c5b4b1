// The CA pin of `k8ts join --ca-cert-hash` (as kubeadm's): `sha256:` and the hex SHA-256 of the CA
// certificate's DER SubjectPublicKeyInfo — the key, not the certificate, so a CA re-issued with the same key
// still matches. Pure.
import { createHash, X509Certificate } from 'node:crypto';

/** `sha256:<64 hex>` of the CA certificate (PEM) `pem`. Throws when pem is not a certificate. */
export function caCertHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** The pin in canonical form (lower-case hex), or undefined when it is not `sha256:<64 hex>`. */
export function parsePin(text: string): string | undefined {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(text.trim());
  return m ? `sha256:${m[1]!.toLowerCase()}` : undefined;
}

/** Undefined when `pem` is the pinned CA; otherwise the one-line reason to refuse. */
export function checkPin(pem: string, pin: string): string | undefined {
  const got = caCertHash(pem);
  return got === pin
    ? undefined
    : `the cluster CA's public key hash is ${got}, not the --ca-cert-hash ${pin}: refusing to trust this server`;
}
