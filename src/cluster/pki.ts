// PKI for a cluster: a self-signed CA made at first `up`, the apiserver's serving certificate signed by it
// (with the SANs kubectl and in-cluster clients dial: localhost, 127.0.0.1, the host bridge, the `kubernetes`
// service IP and its DNS names), and client certificates whose CN is the user and whose O's are its groups
// (as the apiserver's --client-ca-file reads them). Keys come from node:crypto (fast); node-forge signs.
// The generators are pure apart from key generation; ensurePki writes files once and reuses them after.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { newCertificate } from '../util/certificate';

export interface CertKeyPair {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
}

export interface CertTimes {
  /** Start of validity; default now. Backdated an hour against small clock skew. */
  now?: Date;
  /** Validity in days; default 3650 for the CA, 365 for leaves. */
  days?: number;
}

/** The DNS names every serving certificate carries (the `kubernetes` service's names and localhost). */
export const SERVING_DNS_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

/** A fresh 2048-bit RSA key: PEM (PKCS#8) for files, and node-forge's forms for signing. */
export function newRsaKeys(): {
  key: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.PublicKey;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    key: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
  };
}

function baseCert(publicKey: forge.pki.PublicKey, times: CertTimes, defaultDays: number) {
  return newCertificate(publicKey, times.now ?? new Date(), times.days ?? defaultDays);
}

function sign(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): string {
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A self-signed CA (CA:TRUE, keyCertSign). */
export function generateCa(options: CertTimes & { commonName?: string } = {}): CertKeyPair {
  const keys = newRsaKeys();
  const cert = baseCert(keys.publicKey, options, 3650);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'k8ts-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { cert: sign(cert, keys.forgeKey), key: keys.key };
}

function leaf(
  ca: CertKeyPair,
  subject: forge.pki.CertificateField[],
  extensions: object[],
  times: CertTimes,
): CertKeyPair {
  const keys = newRsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = baseCert(keys.publicKey, times, 365);
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    ...extensions,
  ]);
  return { cert: sign(cert, forge.pki.privateKeyFromPem(ca.key)), key: keys.key };
}

export interface ServingCertOptions extends CertTimes {
  commonName?: string;
  /** Extra DNS names besides SERVING_DNS_NAMES. */
  dnsNames?: string[];
  /** Extra IPv4 addresses besides 127.0.0.1 (the host bridge, the kubernetes service IP, ...). */
  ips?: string[];
}

/** A serverAuth certificate for the apiserver, signed by `ca`. kubectl needs the IP SAN, not just a CN. */
export function generateServingCert(ca: CertKeyPair, options: ServingCertOptions = {}): CertKeyPair {
  const dns = [...new Set([...SERVING_DNS_NAMES, ...(options.dnsNames ?? [])])];
  const ips = [...new Set(['127.0.0.1', ...(options.ips ?? [])])];
  const altNames = [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  return leaf(
    ca,
    [{ name: 'commonName', value: options.commonName ?? 'kube-apiserver' }],
    [
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
    options,
  );
}

/** A clientAuth certificate: CN is the user name, one O per group (how --client-ca-file reads identities). */
export function generateClientCert(
  ca: CertKeyPair,
  user: string,
  groups: string[] = [],
  times: CertTimes = {},
): CertKeyPair {
  const subject: forge.pki.CertificateField[] = [
    ...groups.map((value) => ({ name: 'organizationName', value })),
    { name: 'commonName', value: user },
  ];
  return leaf(ca, subject, [{ name: 'extKeyUsage', clientAuth: true }], times);
}

export interface PkiFiles {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
}

/** Writes a pair as <name>.crt (0644) and <name>.key (0600). */
function writePair(dir: string, name: string, pair: CertKeyPair): void {
  writeFileSync(path.join(dir, `${name}.crt`), pair.cert, { mode: 0o644 });
  const keyFile = path.join(dir, `${name}.key`);
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600); // mode is ignored when the file already existed
}

function readPair(dir: string, name: string): CertKeyPair | undefined {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

/** The IP addresses in a PEM certificate's subjectAltName. */
export function certificateIps(pem: string): string[] {
  const ext = forge.pki.certificateFromPem(pem).getExtension('subjectAltName') as
    { altNames?: { type: number; ip?: string }[] } | undefined;
  return (ext?.altNames ?? []).filter((n) => n.type === 7 && n.ip).map((n) => n.ip!);
}

/**
 * The cluster's CA and the apiserver's serving pair under `dir` (ca.crt/ca.key, apiserver.crt/apiserver.key):
 * made on first use, reused afterwards. The serving certificate is remade (by the same CA) when it lacks one
 * of `ips`, so that a bridge address that changed does not leave clients failing verification.
 */
export function ensurePki(dir: string, serving: ServingCertOptions = {}): PkiFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'ca');
  if (!ca) {
    ca = generateCa();
    writePair(dir, 'ca', ca);
  }
  const current = readPair(dir, 'apiserver');
  const wanted = ['127.0.0.1', ...(serving.ips ?? [])];
  if (!current || !wanted.every((ip) => certificateIps(current.cert).includes(ip)))
    writePair(dir, 'apiserver', generateServingCert(ca, serving));
  return {
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    servingCert: path.join(dir, 'apiserver.crt'),
    servingKey: path.join(dir, 'apiserver.key'),
  };
}

/** A client pair <name>.crt/.key under `dir`, signed by the CA there (ensurePki first); reused if present. */
export function ensureClientCert(
  dir: string,
  name: string,
  user: string,
  groups: string[] = [],
): { cert: string; key: string } {
  const ca = readPair(dir, 'ca');
  if (!ca) throw new Error(`no CA in ${dir}: call ensurePki first`);
  if (!readPair(dir, name)) writePair(dir, name, generateClientCert(ca, user, groups));
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}
