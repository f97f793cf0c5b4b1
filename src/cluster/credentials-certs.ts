// The certificates around the kubelets, signed by the cluster CA of ./pki: the apiserver's client certificate
// for HTTPS to kubelets (CN kube-apiserver-kubelet-client in system:masters, as kubeadm names it) and one
// serving certificate per kubelet whose IP SAN is its node's address. A pair is reused while it is signed by
// the current CA, carries the IP it must and has more than 30 days left; otherwise it is made again.
// A kubelet's certificate names only its node: pki's generateServingCert would also put in 127.0.0.1 and the
// `kubernetes` service names, letting whoever holds a node's key pass for the apiserver.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GROUPS } from '../apiserver/auth';
import { writeSecretFile } from './credentials-tokens';
import forge from 'node-forge';
import { newCertificate } from '../util/certificate';
import { generateClientCert, newRsaKeys, type CertKeyPair, type PkiFiles } from './pki';

export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export interface CertFiles {
  cert: string;
  key: string;
}

const filesOf = (dir: string, name: string): CertFiles => ({
  cert: path.join(dir, `${name}.crt`),
  key: path.join(dir, `${name}.key`),
});

/** Whether the pair at `files` exists, was issued by `ca`, is not near expiry and has every IP in `ips`. */
function usable(files: CertFiles, ca: X509Certificate, ips: string[], now: number): boolean {
  if (!existsSync(files.cert) || !existsSync(files.key)) return false;
  try {
    const cert = new X509Certificate(readFileSync(files.cert));
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return false;
    return ips.every((ip) => cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

/** Makes `<name>.crt` (0644) and `<name>.key` (0600) under `dir` unless the pair there is usable. */
function ensurePair(
  dir: string,
  name: string,
  ca: X509Certificate,
  ips: string[],
  make: () => CertKeyPair,
  now: number,
): { files: CertFiles; created: boolean } {
  const files = filesOf(dir, name);
  if (usable(files, ca, ips, now)) return { files, created: false };
  const pair = make();
  writeFileSync(files.cert, pair.cert, { mode: 0o644 });
  writeSecretFile(files.key, pair.key);
  return { files, created: true };
}

function loadCa(pki: PkiFiles): { pair: CertKeyPair; x509: X509Certificate } {
  const pair = { cert: readFileSync(pki.caCert, 'utf8'), key: readFileSync(pki.caKey, 'utf8') };
  return { pair, x509: new X509Certificate(pair.cert) };
}

/** The apiserver's client pair for kubelets: `apiserver-kubelet-client.crt/.key` in the PKI directory. */
export function ensureKubeletClientCert(
  pki: PkiFiles,
  now = Date.now(),
): { files: CertFiles; created: boolean } {
  const ca = loadCa(pki);
  return ensurePair(
    path.dirname(pki.caCert),
    'apiserver-kubelet-client',
    ca.x509,
    [],
    () => generateClientCert(ca.pair, KUBELET_CLIENT_USER, [GROUPS.masters]),
    now,
  );
}

/** A kubelet's serving pair `kubelet-<node>.crt/.key`: CN and DNS name the node's name, IP SAN its address. */
export function ensureKubeletServingCert(
  pki: PkiFiles,
  node: { name: string; ip: string },
  now = Date.now(),
): { files: CertFiles; created: boolean } {
  const ca = loadCa(pki);
  return ensurePair(
    path.dirname(pki.caCert),
    `kubelet-${node.name}`,
    ca.x509,
    [node.ip],
    () => generateKubeletServingCert(ca.pair, node, now),
    now,
  );
}

/** A serverAuth certificate for one kubelet: CN and DNS SAN the node's name, IP SAN its address, 365 days. */
export function generateKubeletServingCert(
  ca: CertKeyPair,
  node: { name: string; ip: string },
  now = Date.now(),
): CertKeyPair {
  const { key, publicKey } = newRsaKeys();
  const cert = newCertificate(publicKey, new Date(now), 365);
  cert.setSubject([{ name: 'commonName', value: node.name }]);
  cert.setIssuer(forge.pki.certificateFromPem(ca.cert).subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: node.name },
        { type: 7, ip: node.ip },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}
