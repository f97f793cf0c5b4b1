// A joining node's credentials: two RSA keys and their CSRs (node-forge) — the client one for
// CN=system:node:<name>, O=system:nodes, the serving one for the kubelet's HTTPS port — and, once the apiserver
// has signed them, the files under the node's home: pki/ca.crt, pki/node.crt|key, pki/kubelet.crt|key (keys
// 0600) and the node's kubeconfig (client certificate, CA pinned), which its kubelet and proxy use.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { stringify } from 'yaml';
import { GROUPS, NODE_USER_PREFIX } from '../apiserver/auth';
import type { NodeCredentials } from '../apiserver/join-signer';
import { writeSecretFile } from './credentials-tokens';
import { newRsaKeys } from './pki';

export interface NodeKeys {
  clientKey: string;
  servingKey: string;
  clientCSR: string;
  servingCSR: string;
}

function csr(subject: forge.pki.CertificateField[]): { key: string; csr: string } {
  const { key, forgeKey, publicKey } = newRsaKeys();
  const req = forge.pki.createCertificationRequest();
  req.publicKey = publicKey;
  req.setSubject(subject);
  req.sign(forgeKey, forge.md.sha256.create());
  return { key, csr: forge.pki.certificationRequestToPem(req) };
}

/** New keys and the two CSRs for node `name`. */
export function makeNodeKeys(name: string): NodeKeys {
  const client = csr([
    { name: 'organizationName', value: GROUPS.nodes },
    { name: 'commonName', value: `${NODE_USER_PREFIX}${name}` },
  ]);
  const serving = csr([{ name: 'commonName', value: name }]);
  return { clientKey: client.key, servingKey: serving.key, clientCSR: client.csr, servingCSR: serving.csr };
}

export interface NodeFiles {
  caCert: string;
  clientCert: string;
  clientKey: string;
  servingCert: string;
  servingKey: string;
  kubeconfig: string;
}

export const nodeFilesOf = (home: string): NodeFiles => {
  const pki = path.join(home, 'pki');
  return {
    caCert: path.join(pki, 'ca.crt'),
    clientCert: path.join(pki, 'node.crt'),
    clientKey: path.join(pki, 'node.key'),
    servingCert: path.join(pki, 'kubelet.crt'),
    servingKey: path.join(pki, 'kubelet.key'),
    kubeconfig: path.join(home, 'kubeconfig'),
  };
};

/** Writes the signed pairs, the CA and the kubeconfig for `server`; returns where they are. */
export function writeNodeFiles(
  home: string,
  server: string,
  name: string,
  keys: NodeKeys,
  signed: NodeCredentials,
): NodeFiles {
  const files = nodeFilesOf(home);
  mkdirSync(path.dirname(files.caCert), { recursive: true, mode: 0o700 });
  writeFileSync(files.caCert, signed.caCert, { mode: 0o644 });
  writeFileSync(files.clientCert, signed.clientCert, { mode: 0o644 });
  writeSecretFile(files.clientKey, keys.clientKey);
  writeFileSync(files.servingCert, signed.servingCert, { mode: 0o644 });
  writeSecretFile(files.servingKey, keys.servingKey);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const user = `${NODE_USER_PREFIX}${name}`;
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'k8ts', cluster: { server, 'certificate-authority-data': b64(signed.caCert) } }],
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': b64(signed.clientCert),
          'client-key-data': b64(keys.clientKey),
        },
      },
    ],
    contexts: [{ name: 'k8ts', context: { cluster: 'k8ts', user } }],
    'current-context': 'k8ts',
  });
  writeSecretFile(files.kubeconfig, kubeconfig);
  return files;
}
