// The cluster's signer for joining nodes (kubeadm's csrsigner with the node-client and kubelet-serving
// approvers folded in): from a node's name, address and two PEM CSRs, a client certificate for
// CN=system:node:<name>, O=system:nodes and a serving certificate for the node's name and address, both signed
// by the cluster CA (--cluster-signing-cert-file/--cluster-signing-key-file). Only the CSRs' public keys are
// taken; names and usages are ours. A serving certificate never names an address or name the apiserver's own
// certificate carries, so a join token cannot buy a certificate that passes for the apiserver. Pure apart from
// the serial number.
import { isIPv4 } from 'node:net';
import forge from 'node-forge';
import { errors } from '../api/errors';
import { isDNS1123Subdomain } from '../api/validation';
import { newCertificate } from '../util/certificate';
import { GROUPS, NODE_USER_PREFIX } from './auth';

export interface SigningCa {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  /** The PEM as read, handed to joiners. */
  certPem: string;
}

export interface NodeCredentialsRequest {
  nodeName: string;
  /** The node's InternalIP: the serving certificate's IP SAN. */
  nodeIP: string;
  /** PEM CSR whose subject is CN=system:node:<nodeName>, O=system:nodes. */
  clientCSR: string;
  /** PEM CSR for the kubelet's HTTPS port; its subject is ignored. */
  servingCSR: string;
}

export interface NodeCredentials {
  clientCert: string;
  servingCert: string;
  caCert: string;
}

export function loadSigningCa(certPem: string, keyPem: string): SigningCa {
  return {
    cert: forge.pki.certificateFromPem(certPem),
    key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    certPem,
  };
}

/** The request body, checked field by field: every problem is a 400 naming the field. */
export function parseNodeCredentialsRequest(body: Record<string, unknown>): NodeCredentialsRequest {
  const str = (field: keyof NodeCredentialsRequest): string => {
    const v = body[field];
    if (typeof v !== 'string' || !v) throw errors.badRequest(`${field}: Required value`);
    return v;
  };
  const req = {
    nodeName: str('nodeName'),
    nodeIP: str('nodeIP'),
    clientCSR: str('clientCSR'),
    servingCSR: str('servingCSR'),
  };
  const nameErrs = isDNS1123Subdomain(req.nodeName);
  if (nameErrs.length)
    throw errors.badRequest(
      `nodeName: Invalid value: ${JSON.stringify(req.nodeName)}: ${nameErrs.join('; ')}`,
    );
  if (!isIPv4(req.nodeIP) || req.nodeIP.startsWith('127.') || req.nodeIP === '0.0.0.0')
    throw errors.badRequest(
      `nodeIP: Invalid value: ${JSON.stringify(req.nodeIP)}: must be the node's IPv4 address, not loopback`,
    );
  return req;
}

function readCsr(field: string, pem: string): forge.pki.CertificateSigningRequest {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(pem);
  } catch (e) {
    throw errors.badRequest(
      `${field}: not a PEM certificate request with an RSA key: ${(e as Error).message}`,
    );
  }
  if (!csr.verify()) throw errors.badRequest(`${field}: the request's signature does not match its key`);
  return csr;
}

const subjectValues = (csr: forge.pki.CertificateSigningRequest, short: string) =>
  csr.subject.attributes.filter((a) => a.shortName === short).map((a) => String(a.value));

/** The SANs of the apiserver's own certificate: never given to a node. */
export function reservedNames(servingCertPem: string | undefined): { ips: string[]; dns: string[] } {
  if (!servingCertPem) return { ips: [], dns: [] };
  const ext = forge.pki.certificateFromPem(servingCertPem).getExtension('subjectAltName') as
    { altNames?: { type: number; ip?: string; value?: string }[] } | undefined;
  const names = ext?.altNames ?? [];
  return {
    ips: names.filter((n) => n.type === 7 && n.ip).map((n) => n.ip!),
    dns: names.filter((n) => n.type === 2 && n.value).map((n) => n.value!),
  };
}

function issue(
  ca: SigningCa,
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
  extensions: object[],
  now: number,
): string {
  const cert = newCertificate(publicKey, new Date(now), 365);
  cert.setSubject(subject);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    ...extensions,
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Signs both certificates, or throws a 400 StatusError saying what is wrong with the request. */
export function signNodeCredentials(
  ca: SigningCa,
  req: NodeCredentialsRequest,
  reserved: { ips: string[]; dns: string[] },
  now: number,
): NodeCredentials {
  const user = `${NODE_USER_PREFIX}${req.nodeName}`;
  const client = readCsr('clientCSR', req.clientCSR);
  const cn = subjectValues(client, 'CN');
  const o = subjectValues(client, 'O');
  if (cn.length !== 1 || cn[0] !== user || o.length !== 1 || o[0] !== GROUPS.nodes)
    throw errors.badRequest(
      `clientCSR: the subject must be CN=${user}, O=${GROUPS.nodes} (got CN=${cn.join('+')}, O=${o.join('+')})`,
    );
  const serving = readCsr('servingCSR', req.servingCSR);
  if (reserved.ips.includes(req.nodeIP) || reserved.dns.includes(req.nodeName))
    throw errors.badRequest(
      `the apiserver's own certificate names ${reserved.ips.includes(req.nodeIP) ? req.nodeIP : req.nodeName}; a node may not`,
    );
  const clientCert = issue(
    ca,
    client.publicKey!,
    [
      { name: 'organizationName', value: GROUPS.nodes },
      { name: 'commonName', value: user },
    ],
    [{ name: 'extKeyUsage', clientAuth: true }],
    now,
  );
  const servingCert = issue(
    ca,
    serving.publicKey!,
    [{ name: 'commonName', value: req.nodeName }],
    [
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: req.nodeName },
          { type: 7, ip: req.nodeIP },
        ],
      },
    ],
    now,
  );
  return { clientCert, servingCert, caCert: ca.certPem };
}
