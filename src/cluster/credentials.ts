// Every credential a secured cluster needs, made on the first `up` and reused by each later one: the CA and
// the apiserver's serving pair (./pki), bearer tokens for the admin, each component and each node
// (./credentials-tokens), the admin password (./credentials-admin), the apiserver's client pair for kubelets
// and a serving pair per kubelet (./credentials-certs). Idempotent: what exists and is still right is kept,
// what is missing (a node added later) is made. The result holds secrets; log summarizeCredentials(result).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { errors } from '../api/errors';
import { isDNS1123Subdomain } from '../api/validation';
import { ensureAdminPassword, writeBasicAuthFile } from './credentials-admin';
import { ensureKubeletClientCert, ensureKubeletServingCert, type CertFiles } from './credentials-certs';
import {
  COMPONENT_USERS,
  ensureTokenFile,
  nodeUser,
  wantedIdentities,
  type ComponentName,
} from './credentials-tokens';
import { ensurePki, type PkiFiles } from './pki';

export { COMPONENT_USERS, type ComponentName } from './credentials-tokens';
export { KUBELET_CLIENT_USER, type CertFiles } from './credentials-certs';

/** The 2014 kubecfg's credentials file, read by `up` and by people. */
export const defaultAuthFile = () => path.join(os.homedir(), '.kubernetes_auth');

export interface CredentialOptions {
  /** Each node's name (its user is system:node:<name>) and address (its kubelet serving cert's IP SAN). */
  nodes: { name: string; ip: string }[];
  /** Addresses clients dial the apiserver on (host bridge, node bridge gateway); 127.0.0.1 is always in. */
  serverIps: string[];
  /** The `kubernetes` service's cluster IP, which pods dial. */
  serviceIp: string;
  /** Where the admin password lives; default ~/.kubernetes_auth. Tests pass a temp file. */
  authFile?: string;
  /** New tokens and passwords; default 24 random bytes, base64url. */
  newSecret?: () => string;
  /** For the certificates' expiry checks. */
  now?: number;
}

export interface Credential {
  user: string;
  token: string;
}

export interface NodeCredential extends Credential {
  name: string;
  ip: string;
  /** The kubelet's --tls-cert-file / --tls-private-key-file. */
  serving: CertFiles;
}

export interface ClusterCredentials {
  /** caCert (--client-ca-file, --kubelet-certificate-authority, kubeconfigs), servingCert/Key (apiserver TLS). */
  pki: PkiFiles;
  /** The apiserver's --token-auth-file. */
  tokenFile: string;
  /** The apiserver's --basic-auth-file. */
  basicAuthFile: string;
  /** The admin's kubecfg auth file. */
  authFile: string;
  admin: Credential & { password: string };
  components: Record<ComponentName, Credential>;
  nodes: NodeCredential[];
  /** The apiserver's --kubelet-client-certificate / --kubelet-client-key. */
  kubeletClient: CertFiles;
  /** What this call made (empty when everything was reused); names and files only, no secrets. */
  made: string[];
}

const randomSecret = () => randomBytes(24).toString('base64url');

const readIfExists = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

function validate(options: CredentialOptions): void {
  const names = options.nodes.map((n) => n.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw errors.badRequest(`node "${repeated}" is given twice`);
  for (const n of options.nodes) {
    const errs = isDNS1123Subdomain(n.name);
    if (errs.length) throw errors.badRequest(`invalid node name "${n.name}": ${errs.join('; ')}`);
    if (!isIPv4(n.ip)) throw errors.badRequest(`node "${n.name}": "${n.ip}" is not an IPv4 address`);
  }
  for (const ip of [...options.serverIps, options.serviceIp])
    if (!isIPv4(ip)) throw errors.badRequest(`"${ip}" is not an IPv4 address`);
}

/** Makes or reuses every credential of the cluster whose state is under `home` ($K8TS_HOME). */
export function ensureClusterCredentials(home: string, options: CredentialOptions): ClusterCredentials {
  validate(options);
  const newSecret = options.newSecret ?? randomSecret;
  const made: string[] = [];
  mkdirSync(home, { recursive: true });
  const pkiDir = path.join(home, 'pki');
  const caExisted = existsSync(path.join(pkiDir, 'ca.key'));
  const servingBefore = readIfExists(path.join(pkiDir, 'apiserver.crt'));
  const pki = ensurePki(pkiDir, { ips: [...options.serverIps, options.serviceIp] });
  if (!caExisted) made.push(`certificate authority ${pki.caCert}`);
  if (readIfExists(pki.servingCert) !== servingBefore) made.push(`apiserver certificate ${pki.servingCert}`);

  const authFile = options.authFile ?? defaultAuthFile();
  const admin = ensureAdminPassword(authFile, newSecret);
  if (admin.created) made.push(`admin password in ${authFile}`);
  const basicAuthFile = path.join(home, 'basic_auth.csv');
  if (writeBasicAuthFile(basicAuthFile, admin)) made.push(`basic auth file ${basicAuthFile}`);

  const tokenFile = path.join(home, 'tokens.csv');
  const names = options.nodes.map((n) => n.name);
  const tokens = ensureTokenFile(tokenFile, wantedIdentities(names, admin.user), newSecret);
  made.push(...tokens.added.map((user) => `token for ${user}`));
  made.push(...tokens.removed.map((user) => `token of ${user} removed`));

  const client = ensureKubeletClientCert(pki, options.now);
  if (client.created) made.push(`kubelet client certificate ${client.files.cert}`);
  const nodes = options.nodes.map((n): NodeCredential => {
    const serving = ensureKubeletServingCert(pki, n, options.now);
    if (serving.created) made.push(`serving certificate of node ${n.name} ${serving.files.cert}`);
    const user = nodeUser(n.name);
    return { name: n.name, ip: n.ip, user, token: tokens.tokens.get(user)!, serving: serving.files };
  });
  const components = Object.fromEntries(
    Object.entries(COMPONENT_USERS).map(([name, user]) => [name, { user, token: tokens.tokens.get(user)! }]),
  ) as Record<ComponentName, Credential>;
  return {
    pki,
    tokenFile,
    basicAuthFile,
    authFile,
    admin: { user: admin.user, password: admin.password, token: tokens.tokens.get(admin.user)! },
    components,
    nodes,
    kubeletClient: client.files,
    made,
  };
}

export interface CredentialSummary {
  files: Record<string, string>;
  users: string[];
  nodes: { name: string; ip: string; user: string; servingCert: string }[];
  made: string[];
}

/** What may be printed or logged about the credentials: files and user names, never a token or password. */
export function summarizeCredentials(c: ClusterCredentials): CredentialSummary {
  return {
    files: {
      ca: c.pki.caCert,
      apiserverCert: c.pki.servingCert,
      tokens: c.tokenFile,
      basicAuth: c.basicAuthFile,
      adminAuth: c.authFile,
      kubeletClientCert: c.kubeletClient.cert,
    },
    users: [c.admin.user, ...Object.values(c.components).map((x) => x.user), ...c.nodes.map((n) => n.user)],
    nodes: c.nodes.map((n) => ({ name: n.name, ip: n.ip, user: n.user, servingCert: n.serving.cert })),
    made: [...c.made],
  };
}
