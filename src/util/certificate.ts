// The part every certificate k8ts issues shares (the CA, serving and client certificates of `up`, a joining
// node's, the kubelets'): a positive random serial and a validity that starts an hour early, for clock skew
// between machines. Not in the util barrel: only the code that issues certificates needs node-forge.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

const HOUR_MS = 60 * 60 * 1000;

/** An unsigned certificate for `publicKey`, valid from an hour before `now` for `days` days. */
export function newCertificate(
  publicKey: forge.pki.PublicKey,
  now: Date,
  days: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // 16 random bytes with the top bit cleared, so the serial is not read as negative.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - HOUR_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * 24 * HOUR_MS);
  return cert;
}
